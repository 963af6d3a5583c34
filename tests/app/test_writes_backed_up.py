"""Every action of the app that changes the accounts leads to a verified backup.

The app backs up after any save (``BackupControl.tick`` watches the vault's generation), so no
action can forget it; this test holds it to that. The accounts screen's and the app's bindings are
read from the classes: a new binding fails ``test_every_binding_is_classified`` until it is put in
one of the tables, and each writing action is driven by its keys, then the backup folder is read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.binding import Binding

from tuiauth.app import TuiauthApp, make_app
from tuiauth.core.services import Services
from tuiauth.screens.accounts import AccountsScreen

from .backup_support import enable, generations, settle
from .helpers import FakeClock, draft, words

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
    "show_qr", "export", "messages",
}  # fmt: skip


def _actions(bindings: list[Binding]) -> set[str]:
    return {b.action for b in bindings}


def test_every_binding_is_classified() -> None:
    found = _actions(AccountsScreen.BINDINGS) | _actions(TuiauthApp.BINDINGS)  # type: ignore[arg-type]
    assert found == set(WRITES) | OTHERS


@pytest.fixture
def backed_up(vault_with: Callable[..., Services], clock: FakeClock, tmp_path: Path) -> tuple[Services, Path]:
    services = vault_with(draft("Counter", type="hotp"), draft("GitHub", secret="JBSWY3DPEHPK3PXQ"), unlocked=True)
    folder = tmp_path / "backups"
    folder.mkdir()
    enable(services, "home", "local", {"path": str(folder)}, clock)
    return services, folder


@pytest.mark.parametrize("action", sorted(WRITES))
async def test_each_change_leads_to_a_verified_backup(
    action: str, backed_up: tuple[Services, Path], clock: FakeClock, tmp_path: Path
) -> None:
    services, folder = backed_up
    assert services.vault is not None
    before = [a.to_dict() for a in services.vault.data.accounts]
    app = make_app(services)
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
        assert isinstance(app.screen, AccountsScreen), words(app)
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
