"""Snapshot (pytest-textual-snapshot) of the backup screen at 80×24: one location up to date, one whose
folder went missing, selected first (the one that needs attention), with its error, cause and next step.

Everything is fixed: the fake clock fixes the times, the folders are relative to the test's working
folder, and the vault's device name is set (the backup's size depends on it).
Update after an intended change with ``pytest tests/snapshots --snapshot-update``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tuiauth.core.accounts import Account
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault

from ..app.helpers import PASSWORD, AppFactory, FakeClock, draft


def test_backup_screen(  # type: ignore[no-untyped-def]
    snap_compare,
    new_app: AppFactory,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    app = new_app()
    services = app.services
    vault, _ = Vault.create(services.paths.vault_file, PASSWORD, kdf=TEST_KDF, device_name="laptop")
    for i, issuer in enumerate(("GitHub", "GitLab", "Proton")):
        vault.data.accounts.append(Account.from_draft(draft(issuer), id=f"acc{i:05d}", created_at=0.0, updated_at=0.0))
    vault.save()
    services.vault = vault
    engine = BackupEngine(vault, services.plugins, clock=clock)
    for name in ("home", "usb-stick"):
        Path(name).mkdir()
        engine.enable(name, "local", {"path": name}, "a different long recovery secret", kdf=TEST_KDF)
    clock.advance(3 * 3600)
    shutil.rmtree("usb-stick")
    engine.backup_now("usb-stick")
    clock.advance(120)

    async def open_backup(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_backup)
