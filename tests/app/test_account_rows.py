"""What a row shows over a slow link or a small console: one countdown for the accounts sharing the
common period, a row's own where its period differs, 8- and 10-digit codes and their next codes
whole at 80×24, reduced motion, and ASCII glyphs for the Linux console and vt100."""

from __future__ import annotations

import re

import pyotp

from tuiauth.testing.app import FakeClock, account_rows, advance_clock, screen_text

from .helpers import SECRET, AppFactory, draft


async def _near_the_end(pilot, clock: FakeClock) -> int:  # type: ignore[no-untyped-def]
    """Move to three seconds before the end of a 30-second (and 60-second) period, where the next
    codes are shown; returns that time."""
    await advance_clock(pilot, (27 - int(clock.now) % 60) % 60)
    return int(clock.now)


def _grouped(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


async def test_codes_of_8_and_10_digits_and_their_next_codes_fit_at_80x24(
    vault_with: AppFactory, clock: FakeClock
) -> None:
    app = vault_with(
        draft("GitHub", digits=8), draft("Bank", "someone.with.a.long.address@example.com", digits=10), unlocked=True
    )
    async with app.run_test(size=(80, 24)) as pilot:
        at = await _near_the_end(pilot, clock)
        screen = screen_text(app)
        for digits in (8, 10):
            totp = pyotp.TOTP(SECRET, digits=digits)
            now, then = totp.at(at), totp.at(at + 3)
            assert re.search(rf"{_grouped(now)} +→ {_grouped(then)} ", screen), screen


async def test_one_countdown_for_the_common_period_and_a_rows_own_where_it_differs(
    vault_with: AppFactory, clock: FakeClock
) -> None:
    app = vault_with(draft("GitHub"), draft("GitLab"), draft("Slow", period=60), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _near_the_end(pilot, clock)
        lines = screen_text(app).splitlines()
        assert lines[1].rstrip().endswith("3s ▯▯▯▯▯")  # beside the search field, once
        github, gitlab, slow = (next(line for line in lines if name in line) for name in ("GitHub", "GitLab", "Slow"))
        assert "s ▮" not in github + gitlab and "s ▯" not in github + gitlab
        assert "33s ▮▮▮▯▯" in slow
        assert [r.seconds_left for r in account_rows(app)] == [3, 3, 33]


async def test_reduced_motion_shows_no_countdown_and_no_next_code(vault_with: AppFactory, clock: FakeClock) -> None:
    app = vault_with(draft("GitHub"), draft("Slow", period=60), unlocked=True, config={"reduced_motion": True})
    async with app.run_test(size=(80, 24)) as pilot:
        at = await _near_the_end(pilot, clock)
        screen = screen_text(app)
        assert "every 30s" in screen.splitlines()[1] and "every 60s" in screen
        assert "→" not in screen and "▮" not in screen and "▯" not in screen
        await advance_clock(pilot, 3)  # the period ends: the code changes
        assert account_rows(app)[0].code == pyotp.TOTP(SECRET).at(at + 3)
        assert _grouped(account_rows(app)[0].code) in screen_text(app)


async def test_ascii_glyphs_for_a_console_without_unicode_symbols(vault_with: AppFactory, clock: FakeClock) -> None:
    app = vault_with(draft("GitHub", favourite=True), draft("Slow", period=60), unlocked=True, ascii_glyphs=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _near_the_end(pilot, clock)
        lines = screen_text(app).splitlines()
        rows = "\n".join(lines[1:4])
        assert rows.isascii(), rows
        assert lines[1].rstrip().endswith("3s -----")
        assert lines[2].startswith("> * ") and "-> " in lines[2]
        assert "33s ###--" in lines[3]
