"""The backup engine over the local backend: enable, verified backups, status, rotation, turn off."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core import crypto
from tuiauth.core.backup import (
    BackupEngine,
    BackupSetupError,
    UnknownLocationError,
    list_backups,
    read_backup,
    read_latest,
    worst_marker,
)
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import BackendNotFoundError, PluginError
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.backends.local import LocalBackend

from .conftest import SECRET, VAULT_PASSWORD, add_accounts, make_accounts


def test_enable_makes_a_verified_first_backup(enabled: BackupEngine, local: LocalBackend, vault: Vault) -> None:
    (status,) = enabled.status()
    assert status.name == "home" and status.backend == "local" and status.enabled
    assert status.generation == 1 and status.size and status.last_verified_at is not None
    assert status.marker == "ok" and not status.out_of_date and status.last_error is None
    assert status.description.startswith("Folder ")
    (info,) = list_backups(local)
    assert info.name == status.object_name and info.size == status.size and info.device == "laptop"
    contents = read_backup(local, info.name, secret=SECRET)
    assert [a.issuer for a in contents.data.accounts] == ["Site0", "Site1", "Site2"]
    assert contents.data.settings == {"groups": ["work"]}
    recovery = crypto.format_recovery_key(bytes.fromhex(vault.data.recovery_key))
    assert read_backup(local, info.name, recovery_key=recovery).data.accounts == contents.data.accounts


def test_the_location_and_its_keys_survive_reopening(
    enabled: BackupEngine, vault: Vault, plugins: PluginManager
) -> None:
    vault.close()
    reopened = Vault.open(vault.path, password=VAULT_PASSWORD, write=True)
    try:
        engine = BackupEngine(reopened, plugins)
        (status,) = engine.status()
        assert status.generation == 1 and not status.out_of_date
        add_accounts(reopened, make_accounts(1, "Later"))
        (status,) = engine.backup_now()
        assert status.generation == 2 and status.last_error is None
    finally:
        reopened.close()


def test_out_of_date_follows_changes(enabled: BackupEngine, vault: Vault) -> None:
    assert not enabled.needs_backup()
    add_accounts(vault, make_accounts(1, "New"))
    (status,) = enabled.status()
    assert status.out_of_date and status.marker == "out-of-date" and enabled.needs_backup()
    (status,) = enabled.backup_now()
    assert not status.out_of_date and status.generation == 2
    vault.save()  # saving without a change to the accounts does not make the backup out of date
    assert not enabled.needs_backup()


def test_backup_body_holds_only_accounts_tombstones_settings(
    enabled: BackupEngine, vault: Vault, local: LocalBackend
) -> None:
    vault.data.device["some-id"] = {"key": "device-only-value"}
    vault.data.tombstones["gone"] = 5.0
    add_accounts(vault, [])
    (status,) = enabled.backup_now()
    data = read_backup(local, status.object_name or "", secret=SECRET).data
    assert data.device == {} and data.locations == {} and data.recovery_key == ""
    assert data.tombstones == {"gone": 5.0}
    raw = (local.folder / (status.object_name or "")).read_bytes()
    assert vault.data.recovery_key.encode() not in raw


def test_setup_refusals(engine: BackupEngine, folder: Path, fast_kdf: KdfParams, vault: Vault) -> None:
    path = {"path": str(folder)}
    with pytest.raises(BackupSetupError, match="must not be the vault password"):
        engine.enable("home", "local", path, VAULT_PASSWORD, kdf=fast_kdf)
    with pytest.raises(BackupSetupError, match="at least 8"):
        engine.enable("home", "local", path, "short", kdf=fast_kdf)
    with pytest.raises(BackupSetupError, match="needs 'path'"):
        engine.enable("home", "local", {}, SECRET, kdf=fast_kdf)
    with pytest.raises(BackupSetupError, match="no field 'url'"):
        engine.enable("home", "local", {**path, "url": "x"}, SECRET, kdf=fast_kdf)
    with pytest.raises(PluginError, match="no backend named 'ftp'"):
        engine.enable("home", "ftp", path, SECRET, kdf=fast_kdf)
    with pytest.raises(BackendNotFoundError, match="does not exist"):
        engine.enable("home", "local", {"path": str(folder / "missing")}, SECRET, kdf=fast_kdf)
    assert vault.data.locations == {} and list(folder.iterdir()) == []
    engine.enable("home", "local", path, SECRET, kdf=fast_kdf)
    with pytest.raises(BackupSetupError, match="already a backup location named 'home'"):
        engine.enable("home", "local", path, SECRET, kdf=fast_kdf)


def test_probe_objects_do_not_stay(enabled: BackupEngine, folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if not p.name.startswith("gen-")] == []


def test_rotation_keeps_the_newest_generations(
    engine: BackupEngine, vault: Vault, folder: Path, fast_kdf: KdfParams
) -> None:
    engine.enable("home", "local", {"path": str(folder)}, SECRET, kdf=fast_kdf, keep=3)
    (folder / "gen-00000000000000000001-0123456789abcdef").write_bytes(b"not ours")
    for i in range(5):
        add_accounts(vault, make_accounts(1, f"R{i}"))
        engine.backup_now()
    names = sorted(p.name for p in folder.iterdir())
    generations = [int(n.split("-")[1]) for n in names]
    assert generations == [1, 4, 5, 6]  # the foreign object is never deleted; ours keep 3
    assert (folder / "gen-00000000000000000001-0123456789abcdef").read_bytes() == b"not ours"


def test_failure_is_recorded_without_rewriting_the_vault(
    enabled: BackupEngine, vault: Vault, folder: Path, local: LocalBackend
) -> None:
    add_accounts(vault, make_accounts(1, "Pending"))
    before = vault.path.read_bytes()
    head = read_latest(local, secret=SECRET).info.name
    folder.rename(folder.with_name("moved"))
    (status,) = enabled.backup_now()
    assert status.last_error is not None and status.last_error.kind == "not-found"
    assert "does not exist" in status.last_error.message and status.marker == "failed"
    assert status.generation == 1 and status.out_of_date
    assert vault.path.read_bytes() == before
    folder.with_name("moved").rename(folder)
    assert read_latest(local, secret=SECRET).info.name == head
    (status,) = enabled.backup_now()
    assert status.last_error is None and status.generation == 2 and status.marker == "ok"


def test_disable_and_remove(enabled: BackupEngine, vault: Vault, folder: Path) -> None:
    status = enabled.disable("home")
    assert not status.enabled and status.marker == "off"
    add_accounts(vault, make_accounts(1, "Off"))
    assert enabled.backup_now() == [] and not enabled.needs_backup()
    assert enabled.set_enabled("home", True).enabled
    enabled.remove("home")
    assert vault.data.locations == {} and enabled.status() == []
    assert len(list(folder.iterdir())) == 1  # the backups stay where they are
    with pytest.raises(UnknownLocationError):
        enabled.backup_now("home")


def test_sign_in_replaces_settings_and_backs_up(enabled: BackupEngine, vault: Vault, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    status = enabled.sign_in("home", {"path": str(other)})
    assert status.last_error is None and status.generation == 2
    assert any("the backups were deleted" in n for n in status.notices)
    assert len(list(other.iterdir())) == 1


def test_two_vaults_join_one_location(
    enabled: BackupEngine, folder: Path, plugins: PluginManager, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    second, recovery = Vault.create(tmp_path / "v2" / "vault", "second password", kdf=fast_kdf)
    try:
        add_accounts(second, make_accounts(2, "Second"))
        engine = BackupEngine(second, plugins)
        with pytest.raises(BackupSetupError, match="another recovery secret"):
            engine.enable("home", "local", {"path": str(folder)}, "some other secret", kdf=fast_kdf)
        with pytest.raises(BackupSetupError, match=r"already holds the backups of laptop: .* sync with them"):
            engine.enable("home", "local", {"path": str(folder)}, SECRET, kdf=fast_kdf)
        assert second.data.locations == {}  # not shared: nothing stored, nothing written
        status = engine.enable("home", "local", {"path": str(folder)}, SECRET, kdf=fast_kdf, share=True)
        assert status.generation == 2 and [d.name for d in status.shared_with] == ["laptop"]
        latest = read_latest(LocalBackend(folder), recovery_key=recovery)
        assert {a.issuer for a in latest.data.accounts} == {"Site0", "Site1", "Site2", "Second0", "Second1"}
        (held,) = enabled.backup_now()  # the first vault does not know the second device yet
        assert held.generation == 1 and held.marker == "out-of-date"
        assert "does not know yet; nothing from it was applied" in held.out_of_date_reason
        status = enabled.trust("home")  # its next backup keeps the second's recovery slot
        assert status.generation == 3 and status.marker == "ok"
        assert read_latest(LocalBackend(folder), recovery_key=recovery).info.generation == 3
        first_key = crypto.format_recovery_key(bytes.fromhex(enabled.vault.data.recovery_key))
        assert read_latest(LocalBackend(folder), recovery_key=first_key).info.generation == 3
    finally:
        second.close()


def test_worst_marker_for_the_header(enabled: BackupEngine, vault: Vault, folder: Path) -> None:
    assert worst_marker(enabled.status()) == "ok"
    add_accounts(vault, make_accounts(1, "New"))
    assert worst_marker(enabled.status()) == "out-of-date"
    folder.rename(folder.with_name("gone"))
    enabled.backup_now()
    assert worst_marker(enabled.status()) == "failed"
    enabled.disable("home")
    assert worst_marker(enabled.status()) is None
