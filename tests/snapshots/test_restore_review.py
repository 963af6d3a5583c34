"""Snapshot (pytest-textual-snapshot) of the restore plan review at 80×24: a merge into a vault that
holds two accounts, so the plan shows every kind — add, already here, a conflict side by side, and a
device-bound account that needs verification — with the settings line and the note on re-verifying it here.

The old device's backup is made by the core's BackupEngine in a local folder with the fake clock, so
its generation, time and device name are fixed. Update after an intended change with
``pytest tests/snapshots --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tuiauth.core.accounts import Account

from ..app.helpers import AppFactory, draft
from ..app.test_restore_flow import back_up_old_device, find_backups, open_backup, settle, with_tap
from .test_screens import steady


def test_restore_review(snap_compare, vault_with: AppFactory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    folder.mkdir()
    push = Account(issuer="Corp", name="bob", secret=b"", type="tap", created_at=0.0, updated_at=0.0)
    back_up_old_device(tmp_path / "old", "home", "local", {"path": str(folder)}, extra=[push]).close()
    app = vault_with(draft("GitHub"), draft("Mail", "a@example.com", digits=6), unlocked=True, plugins=with_tap())

    async def review(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("R")
        await find_backups(pilot, "backend:local", {"path": str(folder)}, name="home")
        await open_backup(pilot)
        await pilot.press("m")  # the vault is not empty: merge
        await settle(pilot)
        await steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=review)
