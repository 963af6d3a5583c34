"""Trusting another device by keys: its backup holds the sync at a shared location until the person
presses t on the backup screen; then its accounts arrive and the location is up to date."""

from __future__ import annotations

import time
from pathlib import Path

from tuiauth.core import account_ops
from tuiauth.core.accounts import AccountDraft
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager
from tuiauth.testing.app import FakeClock, current_screen, settle

from .backup_support import RECOVERY
from .helpers import PASSWORD, AppFactory, draft, words


def held_by_desk(vault_file: Path, tmp_path: Path) -> None:
    """The app's vault backs up to a folder; a second device, "desk", shares it and adds Shop."""
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
            shop = AccountDraft(issuer="Shop", name="bob", secret=b"shop-secret-bytes!!!")
            account_ops.add_account(other, shop, plugins.methods())
            there.backup_now()
        (status,) = here.backup_now()
        assert status.held_by == "desk"


async def test_t_trusts_the_device_holding_the_sync(vault_with: AppFactory, clock: FakeClock, tmp_path: Path) -> None:
    clock.set(time.time())  # the desk's change, made now, is not "from the future" (that is refused)
    app = vault_with(draft("GitHub"))
    held_by_desk(app.services.paths.vault_file, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert "Shop" not in words(app), "nothing from an unknown device applies"
        await pilot.press("b")
        await settle(pilot)
        assert current_screen(app) == "BackupScreen"
        assert "a device this one does not know yet" in words(app)
        await pilot.press("t")
        await settle(pilot)
        assert "Trusted desk; synced with home" in words(app)
        assert "Up to date" in words(app)
        await pilot.press("escape")
        await settle(pilot)
        assert [a.issuer for a in app.services.vault.data.accounts] == ["GitHub", "Shop"]
        assert "Shop" in words(app)
