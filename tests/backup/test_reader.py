"""Reading backups without a vault: list (headers only), read one, read the head (forks merged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core import crypto
from tuiauth.core.backup import NoBackupError, list_backups, object_name, read_backup, read_latest
from tuiauth.core.backup.keys import BackupKeys
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import CorruptFileError, TamperedFileError, WrongPasswordError
from tuiauth.core.vault import Vault
from tuiauth.core.vaultdata import VaultData
from tuiauth.plugins.backends.local import LocalBackend

from .conftest import SECRET, make_accounts


def write(local: LocalBackend, keys: BackupKeys, data: VaultData, generation: int, parent: str | None = None) -> str:
    name = object_name(generation, keys.backup_id, parent)
    blob = keys.seal(
        data.to_json(), generation=generation, parent=parent, device_name="laptop", time="2026-01-01T00:00:00Z"
    )
    local.create(name, blob)
    return name


@pytest.fixture
def keys(vault: Vault, fast_kdf: KdfParams) -> BackupKeys:
    return BackupKeys.create(SECRET, fast_kdf, vault.data.recovery_key)


def test_list_reads_headers_without_a_secret(local: LocalBackend, keys: BackupKeys) -> None:
    first = write(local, keys, VaultData(accounts=make_accounts(2)), 1)
    second = write(local, keys, VaultData(accounts=make_accounts(3)), 2, "a" * 64)
    (local.folder / "notes.txt").write_text("not a backup")
    infos = list_backups(local)
    assert [(i.name, i.generation, i.valid, i.device) for i in infos] == [
        (second, 2, True, "laptop"),
        (first, 1, True, "laptop"),
    ]
    assert infos[0].size == (local.folder / second).stat().st_size


def test_list_marks_damaged_objects_invalid(local: LocalBackend, keys: BackupKeys) -> None:
    name = write(local, keys, VaultData(accounts=make_accounts(2)), 1)
    path = local.folder / name
    path.write_bytes(path.read_bytes()[:-10])
    (info,) = list_backups(local)
    assert not info.valid and "damaged" in info.problem


def test_read_with_secret_and_with_recovery_key(local: LocalBackend, keys: BackupKeys, vault: Vault) -> None:
    name = write(local, keys, VaultData(accounts=make_accounts(3), settings={"groups": ["work"]}), 1)
    by_secret = read_backup(local, name, secret=SECRET)
    assert [a.issuer for a in by_secret.data.accounts] == ["Site0", "Site1", "Site2"]
    assert by_secret.data.settings == {"groups": ["work"]}
    recovery = crypto.format_recovery_key(bytes.fromhex(vault.data.recovery_key))
    by_key = read_backup(local, name, recovery_key=recovery)
    assert by_key.data.accounts == by_secret.data.accounts
    assert by_key.backup_id == keys.backup_id


def test_read_errors_are_typed(local: LocalBackend, keys: BackupKeys) -> None:
    name = write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    with pytest.raises(WrongPasswordError):
        read_backup(local, name, secret="not the secret")
    with pytest.raises(WrongPasswordError):
        read_backup(local, name, recovery_key=crypto.format_recovery_key(crypto.new_recovery_key()))
    path = local.folder / name
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(CorruptFileError):
        read_backup(local, name, secret=SECRET)


def test_tampered_body_with_recomputed_checksum(local: LocalBackend, keys: BackupKeys) -> None:
    name = write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    path = local.folder / name
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    prefix = len(b"TUIAUTH-SEALED\r\n")
    raw[prefix : prefix + 32] = crypto.sha256(bytes(raw[prefix + 32 :]))
    path.write_bytes(bytes(raw))
    with pytest.raises(TamperedFileError):
        read_backup(local, name, secret=SECRET)


def test_latest_is_the_highest_generation_that_authenticates(
    local: LocalBackend, keys: BackupKeys, fast_kdf: KdfParams, tmp_path: Path
) -> None:
    write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    good = write(local, keys, VaultData(accounts=make_accounts(2)), 2, "b" * 64)
    stranger = BackupKeys.create("another secret", fast_kdf, "")
    write(local, stranger, VaultData(accounts=make_accounts(5, "X")), 3)
    latest = read_latest(local, secret=SECRET)
    assert latest.info.name == good and len(latest.data.accounts) == 2
    assert any("does not open" in p or "wrong password" in p for p in latest.problems)


def test_latest_merges_a_fork(local: LocalBackend, keys: BackupKeys) -> None:
    base = make_accounts(2)
    write(local, keys, VaultData(accounts=base), 1)
    left = write(local, keys, VaultData(accounts=[*base, *make_accounts(1, "Left")]), 2, "c" * 64)
    right = write(local, keys, VaultData(accounts=[*base, *make_accounts(1, "Right")]), 2, "d" * 64)
    latest = read_latest(local, secret=SECRET)
    assert set(latest.merged_from) == {left, right}
    assert {a.issuer for a in latest.data.accounts} == {"Site0", "Site1", "Left0", "Right0"}


def test_latest_on_an_empty_location(local: LocalBackend) -> None:
    with pytest.raises(NoBackupError):
        read_latest(local, secret=SECRET)


def test_latest_with_the_wrong_secret(local: LocalBackend, keys: BackupKeys) -> None:
    write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    with pytest.raises(WrongPasswordError):
        read_latest(local, secret="wrong secret")
