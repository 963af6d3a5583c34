"""The clipboard service: the system clipboard through its tool where there is one, else the terminal's.

The app reaches the clipboard only through ``services.clipboard`` (a ``Clipboard``); tests give it
``tuiauth.testing.app.FakeClipboard`` instead of ``SystemClipboard``, so no test writes a live code
into the developer's clipboard.

Over SSH, in a container or on a console there is no system clipboard: ``copy`` returns False (or
raises ``ClipboardError`` when the tool failed, e.g. a stale ``DISPLAY``) and the app sends the code
through the terminal instead (OSC 52, Textual's ``copy_to_clipboard``), which
the local terminal puts on the local machine's clipboard. A code copied to the system clipboard is
cleared after a while, but only if the clipboard still holds it (the user may have copied something
else since). The terminal's clipboard cannot be read back, so a code sent by OSC 52 is never cleared:
overwriting it blindly could destroy whatever the user copied after it.

The calls start a helper process (xclip, wl-copy): call them from a thread worker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
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


@dataclass(frozen=True)
class ClipboardTool:
    """A command-line clipboard tool: how to put text on the clipboard and read it back."""

    name: str
    copy: tuple[str, ...]
    paste: tuple[str, ...]


#: The tools tried, in order, with the environment variable that says their display is there.
TOOLS = (
    ("WAYLAND_DISPLAY", ClipboardTool("wl-copy", ("wl-copy",), ("wl-paste", "--no-newline"))),
    ("DISPLAY", ClipboardTool(
        "xclip", ("xclip", "-selection", "clipboard", "-in"), ("xclip", "-selection", "clipboard", "-out")
    )),
    ("DISPLAY", ClipboardTool("xsel", ("xsel", "--clipboard", "--input"), ("xsel", "--clipboard", "--output"))),
    ("", ClipboardTool("pbcopy", ("pbcopy",), ("pbpaste",))),
)  # fmt: skip
#: How long a tool may take (a tool waiting on a dead display is given up on).
TOOL_TIMEOUT = 5.0


def find_tool(environ: Mapping[str, str] | None = None) -> ClipboardTool | None:
    """The first tool installed whose display is set (pbcopy needs none), or None."""
    env = os.environ if environ is None else environ
    for variable, tool in TOOLS:
        if (not variable or env.get(variable)) and shutil.which(tool.copy[0]) and shutil.which(tool.paste[0]):
            return tool
    return None


class SystemClipboard:
    """The desktop's clipboard through its command-line tool (``TOOLS``); pyperclip on Windows.

    A copy counts only when the tool exited 0 and reading the clipboard back gives the text:
    pyperclip's xclip path ignores xclip's exit status, so a stale ``DISPLAY`` (X forwarding gone)
    was reported as a copy. The tools run with their output to a file, never the terminal, and
    without it (a forked xclip keeps serving the selection after the copy).
    """

    def copy(self, text: str) -> bool:
        tool = find_tool()
        if tool is None:
            return self._pyperclip_copy(text) if sys.platform == "win32" else False
        _run(tool, tool.copy, text)
        if _run(tool, tool.paste) != text:
            raise ClipboardError(f"{tool.name} ran, but the clipboard did not hold the code when read back")
        return True

    def clear_if_holds(self, text: str) -> bool:
        tool = find_tool()
        try:
            if tool is None:
                return sys.platform == "win32" and self._pyperclip_clear(text)
            if _run(tool, tool.paste) != text:
                return False
            _run(tool, tool.copy, "")
        except ClipboardError:
            return False
        return True

    @staticmethod
    def _pyperclip_copy(text: str) -> bool:
        import pyperclip

        try:
            pyperclip.copy(text)
        except (pyperclip.PyperclipException, OSError):
            return False
        return True

    @staticmethod
    def _pyperclip_clear(text: str) -> bool:
        import pyperclip

        try:
            if pyperclip.paste() != text:
                return False
            pyperclip.copy("")
        except (pyperclip.PyperclipException, OSError):
            return False
        return True


def _run(tool: ClipboardTool, argv: tuple[str, ...], given: str | None = None) -> str:
    """Run one of ``tool``'s commands (``given`` on its input); its output, or ``ClipboardError``
    with the first line it wrote to stderr."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as output:
        try:
            done = subprocess.run(
                argv,
                input=None if given is None else given.encode(),
                stdin=subprocess.DEVNULL if given is None else None,
                stdout=output,
                stderr=errors,
                timeout=TOOL_TIMEOUT,
                start_new_session=True,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ClipboardError(f"{tool.name} did not answer within {TOOL_TIMEOUT:g} s") from None
        except OSError as exc:
            raise ClipboardError(f"{tool.name} could not be run: {exc.strerror}") from None
        if done.returncode != 0:
            errors.seek(0)
            said = errors.read(500).decode(errors="replace").strip().splitlines()
            reason = "".join(c for c in (said[0] if said else "") if c.isprintable())
            raise ClipboardError(f"{tool.name} failed ({reason or f'exit status {done.returncode}'})")
        output.seek(0)
        return output.read(1 << 20).decode(errors="replace")
