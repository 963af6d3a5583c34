"""Turning backup on at a folder that already holds another device's backups asks first (a sync):
no writes nothing; Share syncs, and the backup screen says whom the location is shared with."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager
from tuiauth.testing.app import current_screen, settle

from .backup_support import RECOVERY
from .helpers import AppFactory, dialog_shows, dialog_words, draft, words


def other_device_backs_up(folder: Path, tmp_path: Path) -> None:
    other, _ = Vault.create(tmp_path / "desk" / "vault", "desk password", kdf=TEST_KDF, device_name="desk")
    with other:
        BackupEngine(other, PluginManager(entrypoints=False)).enable(
            "home", "local", {"path": str(folder)}, RECOVERY, kdf=TEST_KDF
        )


async def test_turning_on_at_a_shared_folder_asks_before_syncing(vault_with: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    other_device_backs_up(folder, tmp_path)
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        setup = app.screen
        setup.query_one("FormRenderer").control("path").value = str(folder)
        setup.query_one("#location-name", Input).value = "home"
        setup.query_one("#secret", Input).value = setup.query_one("#secret-again", Input).value = RECOVERY
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "ConfirmScreen"
        assert dialog_shows(app, "Back up to home from this machine too?")
        assert dialog_shows(app, "home already holds the backups of desk"), dialog_words(app)
        await pilot.press("n")
        assert current_screen(app) == "BackupSetupScreen"
        assert app.services.vault is not None and app.services.vault.data.locations == {}
        assert len(list(folder.iterdir())) == 1  # nothing written
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert current_screen(app) == "BackupScreen"
        text = words(app)
        assert "✓ Up to date" in text and "Shared with 1 device: desk (last seen" in text
