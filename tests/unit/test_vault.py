"""The Vault class: create, open, save, change the password, previous copies, modes, stale saves."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tuiauth.core import sealed
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import (
    VaultChangedError,
    VaultError,
    VaultExistsError,
    VaultMissingError,
    WrongPasswordError,
)
from tuiauth.core.vault import Vault

PASSWORD = "open sesame"
SECRET = b"canary-secret-4242"


@pytest.fixture
def vault_path(isolated_home: Path) -> Path:
    return isolated_home / "vault.tuiauth"


def make_vault(path: Path, kdf: KdfParams) -> str:
    """A saved vault with one account; returns the recovery key."""
    vault, recovery = Vault.create(path, PASSWORD, kdf=kdf, device_name="test-box")
    with vault:
        vault.data.accounts.append(Account(issuer="Example", name="alice", secret=SECRET))
        vault.save()
    return recovery


def test_create_save_and_open_round_trip(vault_path: Path, fast_kdf: KdfParams) -> None:
    vault, recovery = Vault.create(vault_path, PASSWORD, kdf=fast_kdf, device_name="test-box")
    assert vault.writable and vault.generation == 1 and len(recovery.split("-")) == 13
    vault.data.accounts.append(Account(issuer="Example", name="alice", secret=SECRET))
    vault.data.locations["home"] = {"backend": "folder", "settings": {"path": "/x"}, "state": {}}
    vault.save()
    assert vault.generation == 2
    vault.close()
    vault.close()  # idempotent
    assert not vault.writable
    again = Vault.open(vault_path, password=PASSWORD)
    assert not again.writable
    assert (again.vault_id, again.generation) == (vault.vault_id, 2)
    assert [(a.issuer, a.name, a.secret) for a in again.data.accounts] == [("Example", "alice", SECRET)]
    assert again.data.locations["home"]["backend"] == "folder"
    assert SECRET.hex() not in repr(again) and PASSWORD not in repr(again)


def test_recovery_key_opens_the_vault(vault_path: Path, fast_kdf: KdfParams) -> None:
    recovery = make_vault(vault_path, fast_kdf)
    with Vault.open(vault_path, recovery_key=recovery.lower().replace("-", " ")) as vault:
        assert vault.data.accounts[0].secret == SECRET
    with pytest.raises(WrongPasswordError):
        Vault.open(vault_path, recovery_key="A" * 52)


def test_change_password_keeps_the_recovery_key(vault_path: Path, fast_kdf: KdfParams) -> None:
    recovery = make_vault(vault_path, fast_kdf)
    before = sealed.read_header(vault_path.read_bytes())
    with Vault.open(vault_path, password=PASSWORD, write=True) as vault:
        vault.change_password("a new password", kdf=fast_kdf)
    after = sealed.read_header(vault_path.read_bytes())
    assert after.generation == before.generation + 1
    assert after.slots[1:] == before.slots[1:]  # the recovery slot is untouched
    assert after.slots[0].salt != before.slots[0].salt
    with pytest.raises(WrongPasswordError, match="wrong password"):
        Vault.open(vault_path, password=PASSWORD)
    assert Vault.open(vault_path, password="a new password").data.accounts[0].secret == SECRET
    assert Vault.open(vault_path, recovery_key=recovery).data.accounts[0].secret == SECRET


def test_each_save_names_its_parent_and_keeps_previous_copies(vault_path: Path, fast_kdf: KdfParams) -> None:
    make_vault(vault_path, fast_kdf)  # generations 1 and 2
    with Vault.open(vault_path, password=PASSWORD, write=True) as vault:
        for n in range(3):
            vault.data.settings["n"] = n
            vault.save()  # generations 3, 4, 5
    copies = {n: vault_path.with_name(f"vault.tuiauth.{n}") for n in range(1, 5)}
    assert not copies[4].exists()
    headers = {n: sealed.read_header(copies[n].read_bytes()) for n in (1, 2, 3)}
    assert [headers[n].generation for n in (1, 2, 3)] == [4, 3, 2]
    current = sealed.read_header(vault_path.read_bytes())
    assert current.generation == 5
    assert current.parent == sealed.file_hash(copies[1].read_bytes())
    assert headers[1].parent == sealed.file_hash(copies[2].read_bytes())
    shutil.copyfile(copies[1], vault_path)  # a previous copy is a working vault
    assert Vault.open(vault_path, password=PASSWORD).data.settings["n"] == 1


def test_modes_are_private_whatever_the_umask(tmp_path: Path, fast_kdf: KdfParams) -> None:
    path = tmp_path / "new" / "folder" / "vault.tuiauth"
    old = os.umask(0)
    try:
        make_vault(path, fast_kdf)
        with Vault.open(path, password=PASSWORD, write=True) as vault:
            vault.save()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["vault.lock", "vault.tuiauth", "vault.tuiauth.1", "vault.tuiauth.2"]
    for name in names:
        assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name


def test_stale_load_is_refused_and_changes_nothing(vault_path: Path, fast_kdf: KdfParams) -> None:
    make_vault(vault_path, fast_kdf)
    vault = Vault.open(vault_path, password=PASSWORD, write=True)
    # Another program (a sync tool, a manual restore) puts a different vault file in place.
    shutil.copyfile(vault_path.with_name("vault.tuiauth.1"), vault_path)
    on_disk = vault_path.read_bytes()
    vault.data.accounts.clear()
    with pytest.raises(VaultChangedError, match="changed on disk since it was opened"):
        vault.save()
    assert vault_path.read_bytes() == on_disk
    assert vault.generation == 2
    vault.close()


def test_read_only_vault_cannot_save(vault_path: Path, fast_kdf: KdfParams) -> None:
    make_vault(vault_path, fast_kdf)
    vault = Vault.open(vault_path, password=PASSWORD)
    with pytest.raises(VaultError, match="read-only"):
        vault.save()
    with pytest.raises(VaultError, match="read-only"):
        vault.change_password("x", kdf=fast_kdf)


def test_create_refuses_an_existing_vault_and_open_a_missing_one(vault_path: Path, fast_kdf: KdfParams) -> None:
    assert not Vault.exists(vault_path)
    with pytest.raises(VaultMissingError, match="tuiauth init"):
        Vault.open(vault_path, password=PASSWORD)
    make_vault(vault_path, fast_kdf)
    assert Vault.exists(vault_path)
    before = vault_path.read_bytes()
    with pytest.raises(VaultExistsError):
        Vault.create(vault_path, "other", kdf=fast_kdf)
    assert vault_path.read_bytes() == before


def test_leftover_temp_files_are_swept_when_opening(vault_path: Path, fast_kdf: KdfParams) -> None:
    make_vault(vault_path, fast_kdf)
    leftovers = [vault_path.with_name(".vault.tuiauth.0badc0ffee00.tmp"), vault_path.with_name(
        ".vault.tuiauth.copy.tmp")]  # fmt: skip
    unrelated = vault_path.with_name("notes.tmp")
    for path in [*leftovers, unrelated]:
        path.write_bytes(b"half-written")
    Vault.open(vault_path, password=PASSWORD)  # a reader sweeps when no writer holds the lock
    assert [p.exists() for p in leftovers] == [False, False]
    assert unrelated.exists()
    leftovers[0].write_bytes(b"half-written")
    with Vault.open(vault_path, password=PASSWORD, write=True):
        assert not leftovers[0].exists()


def test_a_reader_that_turns_writer_applies_its_change_to_a_newer_save(vault_path: Path, fast_kdf: KdfParams) -> None:
    make_vault(vault_path, fast_kdf)
    reader = Vault.open(vault_path, password=PASSWORD)
    with Vault.open(vault_path, password=PASSWORD, write=True) as writer:
        writer.data.accounts.append(Account(issuer="Newer", secret=b"0123456789"))
        writer.save()
    reader.make_writable()
    reader.data.accounts[0].counter += 1
    reader.save()
    reader.close()
    again = Vault.open(vault_path, password=PASSWORD)
    assert [(a.issuer, a.counter) for a in again.data.accounts] == [("Example", 1), ("Newer", 0)]
    assert again.generation == 4
