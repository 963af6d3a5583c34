"""Copying codes: the system clipboard through pyperclip where there is one, else the terminal's.

Over SSH, in a container or on a console there is no system clipboard: pyperclip raises, and the
code goes through the terminal instead (OSC 52, Textual's ``copy_to_clipboard``), which the local
terminal puts on the local machine's clipboard. A code copied to the system clipboard is cleared
after a while, but only if the clipboard still holds it (the user may have copied something else
since). The terminal's clipboard cannot be read back, so a code sent by OSC 52 is never cleared:
overwriting it blindly could destroy whatever the user copied after it.

The pyperclip calls may start a helper process (xclip, wl-copy): call them from a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyperclip

Route = Literal["system", "terminal"]


@dataclass(frozen=True)
class Copied:
    """A code put on a clipboard at clock time ``at``."""

    text: str = ""
    route: Route = "system"
    at: float = 0.0


def copy_to_system(text: str) -> bool:
    """Put ``text`` on the system clipboard; False where there is none (the caller uses OSC 52)."""
    try:
        pyperclip.copy(text)
    except (pyperclip.PyperclipException, OSError):
        return False
    return True


def clear_system_if_holds(text: str) -> bool:
    """Empty the system clipboard if it still holds ``text``; True when it was cleared."""
    try:
        if pyperclip.paste() != text:
            return False
        pyperclip.copy("")
    except (pyperclip.PyperclipException, OSError):
        return False
    return True
