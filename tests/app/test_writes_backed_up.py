"""Every action of the app that changes the accounts leads to a verified backup.

The app backs up after any save (``BackupControl.tick`` watches the vault's generation), so no
action can forget it; this test holds it to that. The accounts screen's and the app's bindings are
read from the classes: a new binding fails ``test_every_binding_is_classified`` until it is put in
one of the tables, and each writing action is driven by its keys, then the backup folder is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding

from tuiauth.testing.app import current_screen

from .backup_support import enable, generations, settle
from .helpers import AppFactory, FakeClock, draft, words

#: Actions that change what a backup carries, each with the keys that do it on the accounts screen
#: (the cursor starts on the HOTP account).
WRITES = {
    "generate": ("n",),
    "copy": ("c",),
    "favourite": ("f",),
    "move(1)": ("J",),
    "move(-1)": ("down", "K"),
    "delete": ("d", "y"),
    "edit": ("e", "end", "2", "ctrl+s"),
    "add": ("a", *"otpauth://totp/Added:carol?secret=JBSWY3DPEHPK3PXR", "enter"),
    "import": ("i",),  # then a file path is typed (below)
}
#: Actions that change nothing a backup carries, or whose saves are backed up by the same watch
#: and are tested through their own flows (restore: tests/app/test_restore_flow.py).
OTHERS = {
    "search", "reveal", "toggle_hidden", "next_group", "clear_search", "restore", "verify",
    "quit", "help", "lock", "backup", "backup_fix", "change_password", "new_recovery_key",
    "show_qr", "export", "messages", "trash", "doctor",
}  # fmt: skip


def _actions(bindings: list[Binding]) -> set[str]:
    return {b.action for b in bindings}


async def test_every_binding_is_classified(vault_with: AppFactory) -> None:
    app = vault_with(unlocked=True)
    async with app.run_test(size=(80, 24)):
        assert current_screen(app) == "AccountsScreen"
        found = _actions(app.screen.BINDINGS) | _actions(app.BINDINGS)
    assert found == set(WRITES) | OTHERS


@pytest.fixture
def backed_up(vault_with: AppFactory, clock: FakeClock, tmp_path: Path) -> tuple[Any, Path]:
    app = vault_with(draft("Counter", type="hotp"), draft("GitHub", secret="JBSWY3DPEHPK3PXQ"), unlocked=True)
    folder = tmp_path / "backups"
    folder.mkdir()
    enable(app.services, "home", "local", {"path": str(folder)}, clock)
    return app, folder


@pytest.mark.parametrize("action", sorted(WRITES))
async def test_each_change_leads_to_a_verified_backup(
    action: str, backed_up: tuple[Any, Path], clock: FakeClock, tmp_path: Path
) -> None:
    app, folder = backed_up
    services = app.services
    assert services.vault is not None
    before = [a.to_dict() for a in services.vault.data.accounts]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert generations(folder) == [1]
        await pilot.press(*WRITES[action])
        if action == "import":
            export = tmp_path / "uris.txt"
            export.write_text("otpauth://totp/Imported:dave?secret=JBSWY3DPEHPK3PXS\n")
            await pilot.press(*str(export), "enter")
            await settle(pilot)
            await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen", words(app)
        assert [a.to_dict() for a in services.vault.data.accounts] != before, "the action changed nothing"
        clock.advance(1)
        app.tick(clock.now)
        await settle(pilot)
        clock.advance(11)
        app.tick(clock.now)
        await settle(pilot)
        assert generations(folder) == [1, 2]
        await pilot.press("b")
        await settle(pilot)
        assert "Generation 2" in words(app) and "✓ Up to date" in words(app)
