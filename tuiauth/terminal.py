"""Whether the app can run here: the CLI asks before starting it (tuiauth/cli.py).

Without a terminal on standard input, output and error (``ssh host tuiauth`` without ``-t``, a pipe,
``/dev/null``) the line stays in cooked mode — a typed password is echoed in clear and Enter never
reaches the app — and with ``TERM=dumb`` or no ``TERM`` the terminal cannot draw it; the CLI prints
one line instead. Textual is not imported here: the refusal stays quick.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Mapping

#: The exit status after the terminal went away (128 + SIGHUP, as shells report a hangup); see
#: tuiauth/hangup_driver.py.
HANGUP_EXIT = 128 + signal.SIGHUP


def terminal_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why the app cannot run here (``"standard input is not a terminal"``…), or None."""
    for name, stream in (("input", sys.stdin), ("output", sys.stdout), ("error", sys.stderr)):
        if stream is None or not stream.isatty():
            return f"standard {name} is not a terminal"
    term = environ.get("TERM", "")
    if not term:
        return "TERM is not set"
    if term == "dumb":
        return "TERM=dumb cannot draw it"
    return None


def limited_terminal(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether ``TERM`` names a console without the Unicode symbols and with 16 colours at most
    (the Linux console, vt100): the app then draws ASCII glyphs in 16 colours."""
    from .widgets.glyphs import ASCII_TERMS

    return environ.get("TERM", "").strip().lower() in ASCII_TERMS
