"""The clipboard service: the system clipboard through pyperclip where there is one, else the terminal's.

The app reaches the clipboard only through ``services.clipboard`` (a ``Clipboard``); tests give it
``tuiauth.testing.app.FakeClipboard`` instead of ``SystemClipboard``, so no test writes a live code
into the developer's clipboard.

Over SSH, in a container or on a console there is no system clipboard: ``copy`` returns False and
the app sends the code through the terminal instead (OSC 52, Textual's ``copy_to_clipboard``), which
the local terminal puts on the local machine's clipboard. A code copied to the system clipboard is
cleared after a while, but only if the clipboard still holds it (the user may have copied something
else since). The terminal's clipboard cannot be read back, so a code sent by OSC 52 is never cleared:
overwriting it blindly could destroy whatever the user copied after it.

The pyperclip calls may start a helper process (xclip, wl-copy): call them from a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

Route = Literal["system", "terminal"]


class ClipboardError(Exception):
    """A clipboard was there but did not take the text; the message says why, in words for a person."""


class Clipboard(Protocol):
    def copy(self, text: str) -> bool:
        """Put ``text`` on the clipboard: False where there is none (the app uses OSC 52 instead);
        raises ``ClipboardError`` when the copy failed."""
        ...

    def clear_if_holds(self, text: str) -> bool:
        """Empty the clipboard if it still holds ``text``; True when it was cleared."""
        ...


@dataclass(frozen=True)
class Copied:
    """A code put on a clipboard at clock time ``at``."""

    text: str = ""
    route: Route = "system"
    at: float = 0.0


class SystemClipboard:
    """The desktop's clipboard through pyperclip (xclip, wl-copy, pbcopy…)."""

    def copy(self, text: str) -> bool:
        import pyperclip

        try:
            pyperclip.copy(text)
        except (pyperclip.PyperclipException, OSError):
            return False
        return True

    def clear_if_holds(self, text: str) -> bool:
        import pyperclip

        try:
            if pyperclip.paste() != text:
                return False
            pyperclip.copy("")
        except (pyperclip.PyperclipException, OSError):
            return False
        return True
