"""``python -m tests.corpus fetch [--dest DIR] [--base-url URL]`` downloads the corpus;
``python -m tests.corpus check [--dir DIR]`` names every missing or altered file (exit status 1)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import BASE_URL, DEFAULT_CACHE, candidates, check, corpus_files, fetch, locate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    get = commands.add_parser("fetch", help="download the listed files, checking each sha256")
    get.add_argument("--dest", type=Path, default=DEFAULT_CACHE, help=f"corpus folder (default {DEFAULT_CACHE})")
    get.add_argument("--base-url", default=BASE_URL, help=f"where REPO/COMMIT/PATH are served (default {BASE_URL})")
    look = commands.add_parser("check", help="name the missing and altered files of a corpus folder")
    look.add_argument("--dir", type=Path, help="the corpus folder (default: the one the tests would use)")
    args = parser.parse_args(argv)

    if args.command == "fetch":
        result = fetch(args.dest, args.base_url)
        for name in result.stored:
            print(f"stored   {name}")
        for name, why in result.refused.items():
            print(f"REFUSED  {name}: {why}", file=sys.stderr)
        print(
            f"{len(result.stored)} stored, {len(result.up_to_date)} already there, {len(result.refused)} refused "
            f"in {args.dest}"
        )
        return 1 if result.refused else 0

    folder = args.dir or locate()
    if folder is None:
        places = ", ".join(f"{name} ({path})" for name, path in candidates())
        print(f"no corpus found (looked in {places}); run: python -m tests.corpus fetch", file=sys.stderr)
        return 1
    problems = check(folder.resolve())
    if problems:
        print(f"{folder}: {problems.describe()}", file=sys.stderr)
        return 1
    print(f"{folder}: all {len(corpus_files())} files present and unaltered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
