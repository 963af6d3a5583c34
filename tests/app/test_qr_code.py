"""The QR code of one account, by keys: `x` asks first (naming the account; Escape cancels) and
nothing a camera can read is on screen before yes; the code fits 80×24 and scans back to the same
account; a terminal too small says the size it needs; the hidden-codes mode hides it; closing or
locking takes it off the screen. Read as a phone would: zxing-cpp on the screen's half blocks."""

from __future__ import annotations

from tuiauth.core import otpauth
from tuiauth.plugins.methods import builtin_methods

from ..qr_scan import code_size, codes_on_screen, prose
from .helpers import PASSWORD, SECRET, AppFactory, draft, screen_text, words

METHODS = builtin_methods()

LONG_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # 40 bytes


def _one_code(app: object) -> str:
    (text,) = codes_on_screen(screen_text(app))
    return text


async def test_x_asks_naming_the_account_then_shows_a_code_that_scans_back(
    vault_with: AppFactory,
) -> None:
    app = vault_with(draft("GitHub", "alice@example.com"), draft("GitLab"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        assert "Show the secret of GitHub (alice@example.com) on screen as a QR code?" in prose(screen_text(app))
        assert codes_on_screen(screen_text(app)) == [] and SECRET not in words(app)
        await pilot.press("escape")  # cancels: back to the list, nothing shown
        assert "GitLab" in words(app) and codes_on_screen(screen_text(app)) == []
        await pilot.press("x", "y")
        account = otpauth.parse_uri(_one_code(app), METHODS)
        assert (account.issuer, account.name, account.secret) == ("GitHub", "alice@example.com", draft("x").secret)
        columns, rows = code_size(screen_text(app).splitlines())
        assert columns <= 80 and rows <= 24
        assert "GitHub (alice@example.com)" in words(app) and "esc Close" in words(app)
        await pilot.press("escape")
        assert codes_on_screen(screen_text(app)) == [] and "GitLab" in words(app)


async def test_the_code_uses_every_row_it_needs_beside_its_text(vault_with: AppFactory) -> None:
    """A 40-byte secret makes a version 7 code: 47×24 with a one-module quiet zone, the text beside."""
    app = vault_with(draft("Example", "someone.else.1@example.com", secret=LONG_SECRET), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "y")
        assert code_size(screen_text(app).splitlines()) == (47, 24)
        assert otpauth.parse_uri(_one_code(app), METHODS).name == "someone.else.1@example.com"
        assert "(someone.else.1@example.com)" in words(app)  # (wrapped beside the code)


async def test_a_terminal_too_small_says_the_size_it_needs(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub", "alice@example.com"), unlocked=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("x", "y")
        text = words(app)
        assert "too small for the QR code: it needs at least 72×20 characters and this one is 60×20" in text
        assert codes_on_screen(screen_text(app)) == []
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert otpauth.parse_uri(_one_code(app), METHODS).issuer == "GitHub"


async def test_hidden_codes_mode_hides_the_code_until_shown(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "x", "y")  # h: the hidden-codes mode of the accounts screen
        assert "The QR code is hidden (codes are hidden while you share the screen). Press r" in words(app)
        assert codes_on_screen(screen_text(app)) == []
        await pilot.press("r")
        assert otpauth.parse_uri(_one_code(app), METHODS).issuer == "GitHub"
        await pilot.press("h")
        assert "The QR code is hidden. Press r to show it." in words(app)
        assert codes_on_screen(screen_text(app)) == []


async def test_locking_takes_the_code_off_the_screen(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "y")
        assert codes_on_screen(screen_text(app))
        await pilot.press("ctrl+l")
        assert "Unlock tuiauth" in words(app) and codes_on_screen(screen_text(app)) == []
        await pilot.press(*PASSWORD, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "GitHub" in words(app) and codes_on_screen(screen_text(app)) == []


async def test_names_are_never_read_as_markup(vault_with: AppFactory) -> None:
    app = vault_with(draft("[b]Bold[/b]", "[/]"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        assert "Show the secret of [b]Bold[/b] ([/]) on screen" in prose(screen_text(app))
        await pilot.press("y")
        assert "[b]Bold[/b] ([/])" in words(app)
        assert otpauth.parse_uri(_one_code(app), METHODS).issuer == "[b]Bold[/b]"


async def test_x_and_export_are_in_the_help(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        text = words(app)
        assert "x QR code — The selected account as a QR code show_qr" in text
        assert "X Export — Export for another app or a phone export" in text


async def test_qr_code_and_export_from_the_palette(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"QR code", "enter")
        await pilot.pause()
        assert "Show the secret of GitHub (alice) on screen as a QR code?" in prose(screen_text(app))
        await pilot.press("escape", "ctrl+p", *"Export", "enter")
        await pilot.pause()
        assert "Export accounts for another app or a phone" in words(app)
