"""The protocol's hard cases over the local backend: races, forks, rollbacks, damaged read-backs,
objects that do not authenticate, device-bound accounts."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.backup import BackupEngine, object_name, read_backup, read_latest
from tuiauth.core.backup.devices import sync_field
from tuiauth.core.backup.protocol import CommitResult
from tuiauth.core.backup.state import LocationRecord
from tuiauth.core.errors import BackendExistsError
from tuiauth.core.secrets import b32encode
from tuiauth.core.specs import MethodSpec
from tuiauth.core.vault import Vault
from tuiauth.core.vaultdata import VaultData
from tuiauth.hookspecs import hookimpl
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.backends.local import LocalBackend

from .conftest import SECRET, VAULT_PASSWORD, add_accounts, make_accounts


def copy_vault(vault: Vault, target: Path) -> Vault:
    """A second device: a copy of the vault file opened on its own."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(vault.path, target)
    return Vault.open(target, password=VAULT_PASSWORD, write=True)


def record(engine: BackupEngine) -> LocationRecord:
    return engine.record("home")


def write_branch(engine: BackupEngine, local: LocalBackend, data: VaultData, generation: int, parent: str) -> str:
    keys = record(engine).keys
    name = object_name(generation, keys.backup_id, parent)
    data.sync = sync_field(engine.me, {})  # written by this device (another device's would wait for trust)
    local.create(name, keys.seal(data.to_json(), generation=generation, parent=parent, device_name="x", time="t"))
    return name


class RacingBackend(LocalBackend):
    """A local folder where, just before our first create, another device commits."""

    def __init__(self, folder: Path, rival: BackupEngine) -> None:
        super().__init__(folder)
        self.rival = rival
        self.lost = 0

    def create(self, name: str, data: bytes) -> None:
        if self.rival is not None and name.startswith("gen-"):
            rival, self.rival = self.rival, None  # type: ignore[assignment]
            (status,) = rival.backup_now()
            assert status.last_error is None
        try:
            super().create(name, data)
        except BackendExistsError:
            self.lost += 1
            raise


def test_a_lost_race_is_merged_into_the_next_generation(
    enabled: BackupEngine, vault: Vault, plugins: PluginManager, folder: Path, tmp_path: Path
) -> None:
    other = copy_vault(vault, tmp_path / "device2" / "vault")
    try:
        add_accounts(other, make_accounts(2, "Rival"))
        rival = BackupEngine(other, plugins)
        add_accounts(vault, make_accounts(2, "Mine"))
        racing = RacingBackend(folder, rival)
        keys = record(enabled).keys
        from tuiauth.core.backup.protocol import commit

        result = commit(
            racing, keys, VaultData.from_json(vault.data.to_json()), methods=plugins.methods(), me=enabled.me,
            own_object=record(enabled).state.object, highest_seen=1, keep=10,
        )  # fmt: skip
        assert isinstance(result, CommitResult) and racing.lost == 1 and result.generation == 3
        issuers = {a.issuer for a in read_latest(LocalBackend(folder), secret=SECRET).data.accounts}
        assert issuers == {"Site0", "Site1", "Site2", "Rival0", "Rival1", "Mine0", "Mine1"}
        assert len([p for p in folder.iterdir() if p.name.startswith("gen-00000000000000000002")]) == 1
    finally:
        other.close()


def test_a_fork_is_merged_and_reported(enabled: BackupEngine, vault: Vault, local: LocalBackend) -> None:
    head = read_latest(local, secret=SECRET)
    base = head.data.accounts
    left = write_branch(enabled, local, VaultData(accounts=[*base, *make_accounts(1, "Left")]), 2, "1" * 64)
    right = write_branch(enabled, local, VaultData(accounts=[*base, *make_accounts(1, "Right")]), 2, "2" * 64)
    (status,) = enabled.backup_now()
    assert status.generation == 3 and any("fork" in n for n in status.notices)
    issuers = {a.issuer for a in read_backup(local, status.object_name or "", secret=SECRET).data.accounts}
    assert {"Left0", "Right0", "Site0"} <= issuers
    assert (local.folder / left).exists() and (local.folder / right).exists()


def test_a_rollback_is_reported_and_outgrown(enabled: BackupEngine, vault: Vault, local: LocalBackend) -> None:
    add_accounts(vault, make_accounts(1, "Two"))
    (second,) = enabled.backup_now()
    (local.folder / (second.object_name or "")).unlink()  # a stale copy of the folder came back
    add_accounts(vault, make_accounts(1, "Three"))
    (status,) = enabled.backup_now()
    assert any("rolled back or is a stale copy" in n for n in status.notices)
    assert status.generation == 3 and record(enabled).state.highest_seen == 3


def test_objects_that_do_not_authenticate_are_ignored_and_kept(
    enabled: BackupEngine, vault: Vault, local: LocalBackend, fast_kdf: object
) -> None:
    garbage = "gen-00000000000000000009-00000000000000aa"
    (local.folder / garbage).write_bytes(b"TUIAUTH-SEALED\r\n" + b"\0" * 100)
    (local.folder / "gen-99999999999999999999-00000000000000bb").write_bytes(b"out of range")
    add_accounts(vault, make_accounts(1, "After"))
    (status,) = enabled.backup_now()
    assert status.last_error is None and status.generation == 10
    assert any(garbage in n for n in status.notices)
    assert (local.folder / garbage).exists()
    assert read_latest(local, secret=SECRET).info.generation == 10


class TruncatingBackend(LocalBackend):
    """Keeps only the first half of what is written (an aborted upload the server kept)."""

    def create(self, name: str, data: bytes) -> None:
        super().create(name, data[: len(data) // 2] if name.startswith("gen-") else data)


def test_a_damaged_read_back_is_a_failure_and_the_head_stays(
    enabled: BackupEngine, vault: Vault, folder: Path, local: LocalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = read_latest(local, secret=SECRET).info.name
    add_accounts(vault, make_accounts(1, "Lost"))
    before = vault.path.read_bytes()
    spec = replace(enabled.plugins.backend("local"), factory=lambda settings: TruncatingBackend(folder))
    monkeypatch.setattr(enabled.plugins, "backend", lambda name: spec)
    (status,) = enabled.backup_now()
    assert status.last_error is not None and status.last_error.kind == "server"
    assert "does not match what was written" in status.last_error.message
    assert status.generation == 1 and vault.path.read_bytes() == before
    assert read_latest(local, secret=SECRET).info.name == head
    monkeypatch.undo()
    (status,) = enabled.backup_now()
    assert status.last_error is None and status.generation == 3  # the damaged generation 2 is skipped


def test_hotp_counter_and_deletions_merge(enabled: BackupEngine, vault: Vault, local: LocalBackend) -> None:
    hotp = Account(issuer="Bank", secret=b"12345678901234567890", type="hotp", counter=5, updated_at=2000.0)
    add_accounts(vault, [hotp])
    (status,) = enabled.backup_now()
    head = read_backup(local, status.object_name or "", secret=SECRET)
    remote = head.data
    remote.accounts = [a.touched(counter=9) if a.id == hotp.id else a for a in remote.accounts]
    remote.accounts = [a for a in remote.accounts if a.issuer != "Site0"]
    site0 = next(a for a in vault.data.accounts if a.issuer == "Site0")
    remote.tombstones[site0.id] = site0.updated_at + 1
    write_branch(enabled, local, remote, 3, "3" * 64)
    vault.data.accounts = [a.touched(counter=6) if a.id == hotp.id else a for a in vault.data.accounts]
    vault.save()
    (status,) = enabled.backup_now()
    merged = read_backup(local, status.object_name or "", secret=SECRET).data
    assert next(a for a in merged.accounts if a.id == hotp.id).counter == 9
    assert "Site0" not in {a.issuer for a in merged.accounts}


class PushPlugin:
    """A tiny device-bound method for the test (like push approval with a per-device key)."""

    @hookimpl
    def tuiauth_methods(self) -> list[MethodSpec]:
        return [MethodSpec(name="testpush", label="Test push", code=lambda account, at: "", device_bound=True)]


def test_device_bound_secrets_never_travel(
    vault: Vault, plugins: PluginManager, folder: Path, local: LocalBackend, fast_kdf: object
) -> None:
    plugins.register(PushPlugin(), "testpush")
    canary = b"DEVICE-BOUND-CANARY-0123456789"
    push = Account(issuer="Work", name="me", secret=canary, type="testpush", extra={"pin": "4242-canary"})
    vault.data.device[push.id] = {"device_key": "DEVICEKEYCANARY"}
    add_accounts(vault, [push])
    engine = BackupEngine(vault, plugins)
    (status,) = [engine.enable("home", "local", {"path": str(folder)}, SECRET, kdf=fast_kdf)]  # type: ignore[arg-type]
    data = read_backup(local, status.object_name or "", secret=SECRET).data
    travelled = next(a for a in data.accounts if a.id == push.id)
    assert (travelled.issuer, travelled.name, travelled.type) == ("Work", "me", "testpush")
    assert travelled.secret == b"" and travelled.extra == {} and data.device == {}
    body = data.to_json()
    for needle in (canary, canary.hex().encode(), b32encode(canary).encode(), b"DEVICEKEYCANARY", b"4242-canary"):
        assert needle not in body


def test_an_account_whose_method_is_not_installed_travels_whole(
    vault: Vault, plugins: PluginManager, folder: Path, local: LocalBackend, fast_kdf: object
) -> None:
    """Dropping its secret would lose it on restore; device-bound values live in ``device`` anyway."""
    orphan = Account(issuer="Legacy", name="me", secret=b"0123456789abcdef", type="uninstalled-method")
    vault.data.device[orphan.id] = {"device_key": "NEVER-IN-A-BACKUP"}
    add_accounts(vault, [orphan])
    engine = BackupEngine(vault, plugins)
    (status,) = [engine.enable("home", "local", {"path": str(folder)}, SECRET, kdf=fast_kdf)]  # type: ignore[arg-type]
    data = read_backup(local, status.object_name or "", secret=SECRET).data
    travelled = next(a for a in data.accounts if a.id == orphan.id)
    assert travelled.secret == b"0123456789abcdef" and data.device == {}
    assert b"NEVER-IN-A-BACKUP" not in data.to_json()
