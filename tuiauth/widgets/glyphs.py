"""The symbols the app draws, in Unicode or in plain ASCII for terminals without those glyphs.

The Linux console and vt100-style terminals (``ASCII_TERMS``) have no ``▮``, ``★`` or ``→`` in
their fonts: they get ``#``, ``*`` and ``->``. The command line picks the set from ``TERM`` when it
starts the app (``tuiauth/cli.py``); ``make_app`` reads no environment, so tests set ``app.glyphs``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Terminals whose fonts lack the Unicode symbols (and draw 16 colours at most).
ASCII_TERMS = frozenset({"linux", "vt100", "vt102", "vt220", "vt320", "ansi"})


@dataclass(frozen=True)
class Glyphs:
    cursor: str
    favourite: str
    filled: str
    empty: str
    arrow: str
    warning: str
    mask: str


UNICODE = Glyphs(cursor="▶", favourite="★", filled="▮", empty="▯", arrow="→", warning="⚠", mask="•")
ASCII = Glyphs(cursor=">", favourite="*", filled="#", empty="-", arrow="->", warning="!", mask="*")


def glyphs_for(term: str) -> Glyphs:
    """The set for the terminal named by ``TERM``."""
    return ASCII if term.strip().lower() in ASCII_TERMS else UNICODE
