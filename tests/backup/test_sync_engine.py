"""The engine's side of sync: read-back verification checks the invariant, a backup by an unknown
device holds the sync until trusted, and a crafted backup changes no local account."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from tuiauth.core.accounts import Account
from tuiauth.core.backup import AutoBackup, BackupEngine, object_name, read_backup, read_latest
from tuiauth.core.backup.devices import Device, sync_field
from tuiauth.core.backup.invariant import compare_live
from tuiauth.core.backup.sync import SKEW
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault
from tuiauth.core.vaultdata import VaultData
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.backends.local import LocalBackend

from .conftest import SECRET, add_accounts, make_accounts


def plant(engine: BackupEngine, folder: Path, data: VaultData, writer: Device) -> str:
    """A backup written with the location's keys (as anyone holding the recovery secret can) by ``writer``."""
    local = LocalBackend(folder)
    head = read_latest(local, secret=SECRET)
    keys = engine.record("home").keys
    generation = head.info.generation + 1
    name = object_name(generation, keys.backup_id, None)
    data.sync = sync_field(writer, {})
    local.create(name, keys.seal(data.to_json(), generation=generation, parent=None, device_name=writer.name, time="t"))
    return name


def secrets_by_id(vault: Vault) -> dict[str, bytes]:
    return {a.id: a.secret for a in vault.data.accounts}


def test_a_change_while_the_backup_ran_leaves_it_out_of_date_saying_why_and_the_next_backup_fixes_it(
    enabled: BackupEngine, vault: Vault
) -> None:
    job = enabled.prepare()
    add_accounts(vault, make_accounts(1, "Late"))
    (status,) = enabled.apply(job.run())
    assert status.marker == "out-of-date"
    assert "the backup made does not hold what this device holds: Late0 (user0@example.com)" in (
        status.out_of_date_reason
    )
    assert "back up again to sync (tuiauth backup now --location home)" in status.out_of_date_reason
    (fixed,) = enabled.backup_now()
    assert fixed.marker == "ok" and fixed.out_of_date_reason == ""


def test_a_backup_by_an_unknown_device_is_held_until_trusted(enabled: BackupEngine, vault: Vault, folder: Path) -> None:
    before = list(vault.data.accounts)
    stranger = Device("f" * 32, "intruder", 1.0)
    shop = Account(issuer="Shop", secret=b"shop secret", created_at=1.0, updated_at=2.0)
    plant(enabled, folder, VaultData(accounts=[*before, shop]), stranger)
    add_accounts(vault, make_accounts(1, "Mine"))
    (held,) = enabled.backup_now()
    assert held.marker == "out-of-date" and "written by intruder, a device this one does not know yet" in (
        held.out_of_date_reason
    )
    assert [a.issuer for a in vault.data.accounts] == ["Site0", "Site1", "Site2", "Mine0"]  # nothing applied
    assert read_latest(LocalBackend(folder), secret=SECRET).info.device == "intruder"  # nothing written
    status = enabled.trust("home")
    assert status.marker == "ok" and [d.name for d in status.shared_with] == ["intruder"]
    assert "Shop" in {a.issuer for a in vault.data.accounts}


def test_a_crafted_backup_changes_no_local_account_and_is_reported(
    enabled: BackupEngine, vault: Vault, folder: Path, plugins: PluginManager
) -> None:
    mine = secrets_by_id(vault)
    first, second, _ = vault.data.accounts
    future = time.time() + 10 * 365 * 86400
    crafted = VaultData(
        accounts=[
            replace(first, secret=b"attacker secret", updated_at=future),  # an id reused with another secret
            replace(second, note="planted", updated_at=future),  # a version from the future
        ],
        tombstones={vault.data.accounts[2].id: future + SKEW},  # a deletion marker from the future
    )
    plant(enabled, folder, crafted, Device("e" * 32, "laptop-2"))
    enabled.backup_now()
    status = enabled.trust("home")  # even from a trusted device, nothing planted is taken
    assert secrets_by_id(vault) == mine and all(a.note == "" for a in vault.data.accounts)
    assert vault.data.trash == []
    assert sum("suspicious change refused" in n for n in status.notices) == 3
    committed = read_backup(LocalBackend(folder), status.object_name or "", secret=SECRET)
    assert compare_live(committed.data, vault.data, plugins.methods()) == []  # it holds every local account


def test_automatic_backup_pulls_a_shared_locations_changes_without_a_change_here(
    enabled: BackupEngine, vault: Vault, folder: Path, plugins: PluginManager, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    other, _ = Vault.create(tmp_path / "desk" / "vault", "desk password", kdf=fast_kdf, device_name="desk")
    with other:
        desk = BackupEngine(other, plugins)
        desk.enable("home", "local", {"path": str(folder)}, SECRET, kdf=fast_kdf, share=True)
        enabled.backup_now()
        enabled.trust("home")
        now = [1000.0]
        auto = AutoBackup(enabled, clock=lambda: now[0], sync_every=300)
        add_accounts(other, make_accounts(1, "Desk"))
        desk.backup_now()
        assert auto.run_once() == [] and "Desk0" not in {a.issuer for a in vault.data.accounts}
        now[0] += 300
        (status,) = auto.run_once()
        assert status.marker == "ok" and "Desk0" in {a.issuer for a in vault.data.accounts}
        generation = status.generation
        now[0] += 300
        (status,) = auto.run_once()  # nothing changed anywhere: nothing is written
        assert status.generation == generation


def test_two_devices_with_one_name_are_told_apart_in_messages() -> None:
    from tuiauth.core.backup.devices import Device, device_labels

    devices = [Device("a1b2c3d4", "vm"), Device("e5f6a7b8", "vm"), Device("c9d0e1f2", "desk"), Device("ffee", "")]
    assert device_labels(devices) == ["vm (device a1b2c3)", "vm (device e5f6a7)", "desk", "a device with no name"]
