"""First run: the welcome screen, creating a vault (password twice, strength hint, recovery key
confirmed), and Start recovery opening the restore flow."""

from __future__ import annotations

from textual.widgets import Button, Input

from tuiauth.core.vault import Vault
from tuiauth.testing.app import current_screen

from .helpers import PASSWORD, AppFactory, words


async def test_create_vault_shows_the_recovery_key_once_then_the_accounts(
    new_app: AppFactory,
) -> None:
    app = new_app()
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        assert current_screen(app) == "WelcomeScreen"
        assert "Create a new vault" in words(app) and "Start recovery" in words(app)
        await pilot.press("c")
        assert current_screen(app) == "CreateVaultScreen"

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
        assert current_screen(app) == "RecoveryKeyScreen"
        key_text = str(app.screen.query_one("#recovery-key").render())
        assert len(key_text.split("-")) == 13
        assert app.screen.query_one("#continue", Button).disabled
        await pilot.click("#continue")
        assert current_screen(app) == "RecoveryKeyScreen"  # not confirmed yet: no way on

        await pilot.press("space")  # tick "I have written down my recovery key"
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert current_screen(app) == "AccountsScreen"
        assert "No accounts yet" in words(app)
        assert key_text not in words(app)

    assert services.vault is not None
    services.close()
    assert Vault.open(services.paths.vault_file, recovery_key=key_text).data.accounts == []


async def test_start_recovery_opens_the_restore_flow_and_leads_back(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert current_screen(app) == "RestoreLocationScreen"
        text = words(app)
        assert "recovery account" in text and "recovery secret" in text
        assert "Nothing already here is overwritten" in text
        await pilot.press("escape")
        assert current_screen(app) == "WelcomeScreen"
        await pilot.press("r", "ctrl+n")
        assert current_screen(app) == "CreateVaultScreen"
