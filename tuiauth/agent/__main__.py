"""``python -m tuiauth.agent``: the agent process itself (``tuiauth agent start`` runs it)."""

from __future__ import annotations

import argparse
import sys

from ..core.errors import TuiauthError
from .process import run_agent


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tuiauth.agent")
    parser.add_argument("--home", metavar="DIR")
    parser.add_argument("--ready-fd", type=int, metavar="FD", help="write 'ok' to this descriptor once listening")
    args = parser.parse_args()
    try:
        run_agent(args.home, ready_fd=args.ready_fd)
    except TuiauthError as exc:
        print(f"tuiauth: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 0
    return 0


sys.exit(main())
