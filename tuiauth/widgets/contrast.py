"""Text colours that stay legible: WCAG 2 contrast between two colours, and a fallback to black or
white where a theme's colour would be too faint on the background it is drawn on."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.color import BLACK, WHITE, Color

#: WCAG 2 level AA for normal text.
LEGIBLE = 4.5


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance (sRGB channels linearised)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in color.normalized)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Color, b: Color) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def legible(style: Style, terminal: TerminalTheme, *, monochrome: bool = False) -> Style:
    """``style`` with a colour that reads at 4.5:1 or more on its background.

    Terminal colours (ANSI, default) are judged as ``terminal`` draws them, as Textual's
    ``ANSIToTruecolor`` filter does; ``monochrome``: as the NO_COLOR filter draws them (in grey).
    Where the colour is too faint: the terminal's own foreground on its own background, else black
    or white, whichever reads better."""
    if style.color is None or style.bgcolor is None:
        return style

    def drawn(color: RichColor, foreground: bool) -> Color:
        resolved = Color(*color.get_truecolor(terminal, foreground=foreground))
        return resolved.monochrome if monochrome else resolved

    background = drawn(style.bgcolor, False)
    if contrast(drawn(style.color, True), background) >= LEGIBLE:
        return style
    if style.bgcolor.is_default and contrast(drawn(RichColor.default(), True), background) >= LEGIBLE:
        return style + Style(color=RichColor.default())
    best = max((BLACK, WHITE), key=lambda c: contrast(c, background))
    return style + Style(color=RichColor.from_rgb(*best.rgb))
