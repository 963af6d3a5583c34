"""Text that reaches a terminal: account fields lose the characters that could steer it.

An issuer, name, group or note comes from a form, a URI, another app's export or a backup — all
outside tuiauth's control. Control characters (C0, DEL, C1: ESC sequences, BEL …) could move the
cursor, retitle the window or ring the bell when printed; bidirectional overrides and isolates
(U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) can make one name read as another. They are
removed where the text enters the account model (``tuiauth.core.accounts.AccountDraft``), so no
later path — the app, ``tuiauth list``, an export — can print them.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEPING_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_line(text: str) -> str:
    """``text`` without control or bidi-override characters (line breaks and tabs become spaces)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub("", text.replace("\t", " ").replace("\n", " "))


def clean_text(text: str) -> str:
    """Like ``clean_line`` but keeps line breaks and tabs (a note may have several lines)."""
    if not _UNSAFE_KEEPING_LINES.search(text):
        return text
    return _UNSAFE_KEEPING_LINES.sub("", text)


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None
