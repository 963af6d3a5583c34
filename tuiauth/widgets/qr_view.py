"""One QR code drawn with half blocks, white on black whatever the theme, as large as its room allows
the quiet zone to be (``tuiauth.core.qr``); a sentence instead when it is hidden or does not fit.

The text the code holds (a secret) is kept only while shown: ``clear`` forgets it.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from ..core import qr

#: Light modules as white blocks on black: a phone sees dark modules on a light square.
QR_STYLE = Style(color="#ffffff", bgcolor="#000000")


class QrView(Widget):
    DEFAULT_CSS = """
    QrView {
        width: 1fr;
        height: 100%;
        content-align: center middle;
    }
    """

    def __init__(self, *, beside: int = 0, id: str | None = None) -> None:
        """``beside``: columns the screen keeps next to the code (counted in the size it needs; the
        screen gives them back to the message when the code does not fit)."""
        super().__init__(id=id)
        self.beside = beside
        self._matrix: list[list[bool]] | None = None
        self._hidden_reason = ""

    def show(self, text: str) -> None:
        self._matrix = qr.symbol(text)
        self._hidden_reason = ""
        self.refresh()

    def hide(self, reason: str) -> None:
        """Draw ``reason`` instead of the code (the code is kept, to be shown again)."""
        self._hidden_reason = reason
        self.refresh()

    def clear(self) -> None:
        self._matrix = None
        self._hidden_reason = ""
        self.refresh()

    @property
    def hidden(self) -> bool:
        return bool(self._hidden_reason)

    def needed(self) -> qr.Size | None:
        """The terminal size the code needs with the narrowest quiet zone (None without a code)."""
        if self._matrix is None:
            return None
        size = qr.drawn_size(len(self._matrix), qr.MIN_QUIET_ZONE)
        return qr.Size(size.columns + self.beside, size.rows)

    def _border(self) -> int | None:
        """The quiet zone that fits the terminal beside the columns kept for the text (None: none)."""
        if self._matrix is None:
            return None
        screen = self.screen.size
        return qr.fitting_border(len(self._matrix), qr.Size(screen.width - self.beside, screen.height))

    @property
    def fits(self) -> bool:
        return self._border() is not None

    def render(self) -> RenderResult:
        # The quiet zone is chosen here, from the terminal's size now: it changes with the window.
        if self._matrix is None:
            return ""
        if self.hidden:
            return Content(self._hidden_reason)
        border = self._border()
        if border is None:
            return Content(self.too_small())
        lines = qr.draw(self._matrix, border)
        return Text("\n".join(lines), style=QR_STYLE, no_wrap=True, overflow="crop")

    def too_small(self) -> str:
        needed = self.needed()
        screen = self.screen.size
        return (
            f"This terminal is too small for the QR code: it needs at least {needed} characters "
            f"and this one is {screen.width}×{screen.height}. Make the window larger or the font "
            "smaller; the code appears as soon as it fits."
        )
