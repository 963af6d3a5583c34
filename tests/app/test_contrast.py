"""The codes read at 4.5:1 or more (WCAG 2 AA) against their background, on the selected row and the
others, in every built-in theme and without colour (NO_COLOR), judged from the drawn segments."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
from rich.segment import Segment
from rich.terminal_theme import TerminalTheme
from textual.color import Color

from tuiauth.core.specs.methods import format_code

from .helpers import SECRET, AppFactory, FakeClock, draft

OTHER = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def wcag_ratio(a: Color, b: Color) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    def luminance(color: Color) -> float:
        r, g, b = (channel(c) for c in color.normalized)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def code_segment(app: Any, code: str) -> tuple[Segment, str]:
    """The segment drawing ``code`` as the terminal gets it (the app's filters applied: NO_COLOR's
    grey), and the text of its line."""
    background = app.screen.styles.background
    for strip in app.screen._compositor.render_strips():
        for line_filter in app.get_line_filters():
            strip = strip.apply_filter(line_filter, background)
        line = "".join(seg.text for seg in strip)
        for segment in strip:
            if code in segment.text:
                return segment, line
    raise AssertionError(f"{code} is not on the screen")


def ratio(segment: Segment, terminal: TerminalTheme) -> float:
    """The contrast of a segment's colours; terminal colours (the ANSI themes leave them to the
    terminal) as a terminal with Textual's palette for the theme draws them."""
    style = segment.style
    assert style is not None and style.color is not None and style.bgcolor is not None, style
    fg = Color(*style.color.get_truecolor(terminal, foreground=True))
    bg = Color(*style.bgcolor.get_truecolor(terminal, foreground=False))
    return wcag_ratio(fg, bg)


@pytest.fixture
def two_accounts(vault_with: AppFactory, clock: FakeClock) -> tuple[Any, str, str]:
    app = vault_with(draft("GitHub", secret=SECRET), draft("GitLab", secret=OTHER), unlocked=True)
    now = int(clock.now)
    return app, format_code(pyotp.TOTP(SECRET).at(now)), format_code(pyotp.TOTP(OTHER).at(now))


async def test_codes_are_legible_in_every_theme(two_accounts: tuple[Any, str, str]) -> None:
    app, first, second = two_accounts
    failures = []
    async with app.run_test(size=(80, 24)) as pilot:
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            for focused in (True, False):  # the cursor row is tinted differently when the list has focus
                await pilot.press("escape" if focused else "slash")
                selected, line = code_segment(app, first)
                assert line.startswith("▶")
                other, line = code_segment(app, second)
                assert not line.startswith("▶")
                for row, segment in (("selected", selected), ("other", other)):
                    if (value := ratio(segment, app.ansi_theme)) < 4.5:
                        failures.append(f"{theme} {row} row (list focused: {focused}): {value:.2f}:1")
    assert not failures, failures


async def test_without_colour_the_selected_code_is_legible_and_marked(
    no_color: None, two_accounts: tuple[Any, str, str]
) -> None:
    """NO_COLOR: Textual turns every colour grey (``Monochrome``; on a terminal with its own ANSI
    palette it drops them). The grey pair must still read at 4.5:1, and the selected row must stand
    out by more than a shade: it is reversed (and marked ▶), bold, and no code is dim."""
    app, first, second = two_accounts
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        for _ in range(2):
            selected, line = code_segment(app, first)
            other, _ = code_segment(app, second)
            assert line.startswith("▶")
            for segment in (selected, other):
                assert segment.style is not None and not segment.style.dim
                assert ratio(segment, app.ansi_theme) >= 4.5, segment
            assert selected.style is not None and selected.style.reverse and selected.style.bold
            assert other.style is not None and not other.style.reverse
            await pilot.press("down")  # the other row selected
            first, second = second, first
