"""The add form by keys at 80×24: the type's defaults fill digits, algorithm and period; fields that
do not apply to the type are hidden; a refused save focuses the first invalid field with its reason on
screen; Tab never stops on the scrolling area; ctrl+s saves what was typed before it, on the tab that is open."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Select

from tuiauth.core.vault import Vault
from tuiauth.testing.app import current_screen

from .helpers import PASSWORD, SECRET, AppFactory, AppServices, words


async def to_form(pilot) -> None:  # type: ignore[no-untyped-def]
    """From the accounts list: a, then to the Form tab and into its first field."""
    await pilot.press("a", "shift+tab", "right", "right", "tab")
    await pilot.pause()


async def choose_type(pilot, label: str) -> None:  # type: ignore[no-untyped-def]
    """From the Type field: open the list, move to ``label``, Enter."""
    select = pilot.app.focused
    assert isinstance(select, Select)
    await pilot.press("enter", "home")
    for _ in range(8):
        overlay = pilot.app.screen.query_one("SelectOverlay")
        option = overlay.get_option_at_index(overlay.highlighted)
        if label in str(option.prompt):
            break
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


def stored(services: AppServices) -> Vault:
    services.close()
    return Vault.open(services.paths.vault_file, password=PASSWORD)


async def test_steam_from_the_form(vault_with: AppFactory) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await to_form(pilot)
        assert app.focused is app.screen.query_one("#issuer")
        await pilot.press(*"Steam", "tab", *"gabe", "tab", *SECRET, "tab")
        await choose_type(pilot, "Steam Guard")
        form = app.screen
        assert form.query_one("#digits", Input).value == "5"
        assert (form.query_one("#algorithm", Select).value, form.query_one("#period", Input).value) == ("SHA1", "30")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert current_screen(app) == "AccountsScreen" and "Steam" in words(app)
    account = stored(services).data.accounts[0]
    assert (account.type, account.digits) == ("steam", 5)


async def test_a_refused_save_points_at_the_field(vault_with: AppFactory) -> None:
    app = vault_with(unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_form(pilot)
        await pilot.press(*"Steam", "tab", "tab", *SECRET, "tab")
        await choose_type(pilot, "Steam Guard")
        await pilot.press("tab", "tab", "backspace", "6", "ctrl+s")  # digits 6: not a Steam account
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "AccountFormScreen"
        assert app.focused is form.query_one("#digits")
        assert "Always 5 for this type." in words(app)  # the method's digit range, said at the field
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab")  # back to the issuer
        await choose_type_from_issuer(pilot, "HOTP")
        assert not form.query_one("#period-row").display and form.query_one("#counter-row").display
        await pilot.press("tab", "tab", "tab")  # algorithm, digits, then counter (period is hidden)
        assert app.focused is form.query_one("#counter")
        await pilot.press("ctrl+u", *"many", "ctrl+s")
        await pilot.pause()
        assert app.focused is form.query_one("#counter")
        assert "A whole number, please." in words(app)  # scrolled into view at 80×24


async def choose_type_from_issuer(pilot, label: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("tab", "tab", "tab")
    await choose_type(pilot, label)


async def test_tab_never_stops_on_the_scrolling_area(vault_with: AppFactory) -> None:
    app = vault_with(unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_form(pilot)
        seen = []
        for _ in range(14):
            seen.append(app.focused.id or type(app.focused).__name__ if app.focused else None)
            await pilot.press("tab")
        assert "form" not in seen and None not in seen, seen


async def test_ctrl_s_saves_the_keys_typed_before_it(vault_with: AppFactory) -> None:
    app = vault_with(unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_form(pilot)
        await pilot.press("tab", "tab", *SECRET, "shift+tab", "shift+tab")
        # Typed fast, as a terminal delivers a paste or a quick typist: every key is queued before
        # the first reaches the field (pilot.press would wait for each one).
        for key, char in [*((c, c) for c in "Forgejo"), ("ctrl+s", "\x13")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert current_screen(app) == "AccountsScreen"
        assert app.screen.query_one("AccountList").rows[0].issuer == "Forgejo"


async def test_ctrl_s_on_the_uri_tab_saves_the_uri_typed(vault_with: AppFactory) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", *f"otpauth://totp/Forgejo:dana?secret={SECRET}&issuer=Forgejo", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert current_screen(app) == "AccountsScreen" and "Forgejo" in words(app)
        assert "secret is empty" not in words(app)
    assert [(a.issuer, a.name) for a in stored(services).data.accounts] == [("Forgejo", "dana")]
