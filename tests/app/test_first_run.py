"""First run: the welcome screen, creating a vault (password twice, strength hint, recovery key
confirmed), and Start recovery opening the restore flow."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Button, Input

from tuiauth.app import make_app
from tuiauth.core.services import Services
from tuiauth.core.vault import Vault
from tuiauth.screens.accounts import AccountsScreen
from tuiauth.screens.create_vault import CreateVaultScreen
from tuiauth.screens.recovery_key import RecoveryKeyScreen
from tuiauth.screens.restore_location import RestoreLocationScreen
from tuiauth.screens.welcome import WelcomeScreen

from .helpers import PASSWORD, words


async def test_create_vault_shows_the_recovery_key_once_then_the_accounts(
    make_services: Callable[[], Services],
) -> None:
    services = make_services()
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        assert "Create a new vault" in words(app) and "Start recovery" in words(app)
        await pilot.press("c")
        assert isinstance(app.screen, CreateVaultScreen)

        await pilot.press(*"short")
        assert "Too short" in words(app)
        await pilot.press("enter", *"short", "enter")
        assert "at least 8 characters" in words(app)

        app.screen.query_one("#password", Input).value = PASSWORD
        app.screen.query_one("#again", Input).value = PASSWORD + "x"
        await pilot.press("enter", "enter")  # Enter in the first field moves to the second
        assert "The two passwords differ" in words(app)
        assert not services.paths.vault_file.exists()

        app.screen.query_one("#again", Input).value = PASSWORD
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RecoveryKeyScreen)
        key_text = str(app.screen.query_one("#recovery-key").render())
        assert len(key_text.split("-")) == 13
        assert app.screen.query_one("#continue", Button).disabled
        await pilot.click("#continue")
        assert isinstance(app.screen, RecoveryKeyScreen)  # not confirmed yet: no way on

        await pilot.press("space")  # tick "I have written down my recovery key"
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountsScreen)
        assert "No accounts yet" in words(app)
        assert key_text not in words(app)

    assert services.vault is not None
    services.close()
    assert Vault.open(services.paths.vault_file, recovery_key=key_text).data.accounts == []


async def test_start_recovery_opens_the_restore_flow_and_leads_back(make_services: Callable[[], Services]) -> None:
    app = make_app(make_services())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, RestoreLocationScreen)
        text = words(app)
        assert "recovery account" in text and "recovery secret" in text
        assert "Nothing already here is overwritten" in text
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("r", "ctrl+n")
        assert isinstance(app.screen, CreateVaultScreen)
