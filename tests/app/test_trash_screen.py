"""The trash screen by keys: a deleted account is listed with why and restored with enter; a sync
conflict (the same account edited on two devices sharing a location) shows both versions side by
side, and restoring this device's version swaps them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tuiauth.core import account_ops
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager
from tuiauth.testing.app import current_screen, settle

from .backup_support import RECOVERY
from .helpers import PASSWORD, AppFactory, dialog_shows, draft, shows, words


async def unlock(pilot: Any) -> None:
    await pilot.press(*PASSWORD, "enter")
    await settle(pilot)
    assert current_screen(pilot.app) == "AccountsScreen"


async def test_a_deleted_account_is_in_the_trash_and_comes_back(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), draft("GitLab"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        assert dialog_shows(app, "It moves to the trash for 30 days")
        await pilot.press("y")
        await settle(pilot)
        assert "GitHub" not in words(app)
        await pilot.press("T")
        assert current_screen(app) == "TrashScreen"
        assert shows(app, "GitHub (alice) — removed here")
        assert "u Restore" in words(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "The trash is empty." in words(app) and "u Restore" not in words(app)
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen" and "GitHub" in words(app)


def make_conflict(vault_file: Path, tmp_path: Path) -> None:
    """The app's vault and a second device share a folder; both edit GitHub's note, the other one
    later; the app's vault then syncs: the other's version wins, its own goes to the trash."""
    plugins = PluginManager(entrypoints=False)
    folder = tmp_path / "shared"
    folder.mkdir()
    with Vault.open(vault_file, password=PASSWORD, write=True) as mine:
        here = BackupEngine(mine, plugins)
        here.enable("home", "local", {"path": str(folder)}, RECOVERY, kdf=TEST_KDF)
        other, _ = Vault.create(tmp_path / "other" / "vault", "other password", kdf=TEST_KDF, device_name="desk")
        with other:
            there = BackupEngine(other, plugins)
            there.enable("home", "local", {"path": str(folder)}, RECOVERY, kdf=TEST_KDF, share=True)
            here.backup_now()
            here.trust("home")
            account_ops.update_account(mine, mine.data.accounts[0].id, note="edited here")
            there.backup_now()  # it receives GitHub first
            account_ops.update_account(other, other.data.accounts[0].id, note="edited on the desk")
            there.backup_now()
        here.backup_now()


async def test_a_sync_conflict_is_shown_side_by_side_and_can_be_swapped(vault_with: AppFactory, tmp_path: Path) -> None:
    app = vault_with(draft("GitHub"))
    make_conflict(app.services.paths.vault_file, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("T")
        text = words(app)
        assert "GitHub (alice) — conflict: desk's newer edit replaced this version" in text
        assert "Conflict: both versions" in text and "Kept (live) In the trash" in text
        assert "note ≠ edited on the desk edited here" in text
        assert "secret same same" in text
        await pilot.press("enter")
        await settle(pilot)
        assert "note ≠ edited here edited on the desk" in words(app)  # swapped: the desk's is in the trash now
        vault = app.services.vault
        assert vault is not None and vault.data.accounts[0].note == "edited here"
