"""Reading backups back: what each unusable object is called, which objects the head is read from
(and which are never opened), and the words of each refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core import sealed
from tuiauth.core.backup import NoBackupError, list_backups, object_name, read_backup, read_latest
from tuiauth.core.backup.keys import BackupKeys
from tuiauth.core.backup.reader import decrypt_object, open_object
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import CorruptFileError, WrongPasswordError
from tuiauth.core.vault import Vault
from tuiauth.core.vaultdata import VaultData
from tuiauth.plugins.backends.local import LocalBackend

from .conftest import SECRET, make_accounts


def write(
    local: LocalBackend, keys: BackupKeys, data: VaultData, generation: int, parent: str | None = None,
    *, time: str = "2026-01-01T00:00:00Z", name: str | None = None,
) -> str:  # fmt: skip
    name = name or object_name(generation, keys.backup_id, parent)
    local.create(name, keys.seal(data.to_json(), generation=generation, parent=parent, device_name="pc", time=time))
    return name


@pytest.fixture
def keys(vault: Vault, fast_kdf: KdfParams) -> BackupKeys:
    return BackupKeys.create(SECRET, fast_kdf, vault.data.recovery_key)


def damage(local: LocalBackend, name: str) -> None:
    path = local.folder / name
    path.write_bytes(path.read_bytes()[:-5])


def test_a_vault_file_or_a_misnamed_object_is_listed_as_invalid_with_the_reason(
    local: LocalBackend, keys: BackupKeys, vault: Vault
) -> None:
    vault.save()
    vault_copy = object_name(vault.generation, keys.backup_id, None)
    local.create(vault_copy, vault.path.read_bytes())
    misnamed = write(local, keys, VaultData(), 2, name=object_name(3, keys.backup_id, "e" * 64))
    infos = {i.name: (i.generation, i.valid, i.problem) for i in list_backups(local)}
    assert infos == {
        misnamed: (2, False, "its name says generation 3 but it holds generation 2"),
        vault_copy: (vault.generation, False, "it is a vault file, not a backup"),
    }


def test_the_list_is_newest_first_then_by_name(local: LocalBackend, keys: BackupKeys) -> None:
    names = [write(local, keys, VaultData(), g, p) for g, p in ((1, None), (2, "a" * 64), (2, "b" * 64))]
    damage(local, names[0])
    listed = list_backups(local)
    assert [i.name for i in listed] == [*sorted(names[1:], reverse=True), names[0]]
    assert [(i.valid, i.problem) for i in listed[:2]] == [(True, ""), (True, "")]
    damaged = listed[2]
    assert (damaged.valid, damaged.generation, damaged.time, damaged.device) == (False, 1, "", "")
    assert damaged.size == (local.folder / names[0]).stat().st_size
    assert damaged.problem.startswith("the backup is damaged")


class Vanishing(LocalBackend):
    """A real folder whose listing also names an object removed since (a rotation elsewhere)."""

    def list(self) -> list[str]:
        return [object_name(9, "0" * 32, None), *super().list()]


def test_an_object_removed_after_the_listing_is_skipped(local: LocalBackend, keys: BackupKeys) -> None:
    name = write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    vanishing = Vanishing(local.folder)
    assert [i.name for i in list_backups(vanishing)] == [name]
    latest = read_latest(vanishing, secret=SECRET)
    assert (latest.info.name, latest.problems) == (name, ())


def test_an_unusable_object_is_named_with_its_problem(local: LocalBackend, keys: BackupKeys) -> None:
    name = write(local, keys, VaultData(), 2, name=object_name(4, keys.backup_id, None))
    with pytest.raises(CorruptFileError) as caught:
        read_backup(local, name, secret=SECRET)
    assert caught.value.message == (
        f"the backup {name} cannot be used: its name says generation 4 but it holds generation 2"
    )


def test_exactly_one_way_to_open_is_required(local: LocalBackend, keys: BackupKeys) -> None:
    name = write(local, keys, VaultData(), 1)
    for given in ({}, {"secret": SECRET, "recovery_key": "x"}):
        with pytest.raises(ValueError, match=r"^give exactly one of secret or recovery_key$"):
            read_backup(local, name, **given)


def test_older_generations_are_not_opened_once_the_head_opens(local: LocalBackend, keys: BackupKeys) -> None:
    old = write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    head = write(local, keys, VaultData(accounts=make_accounts(2)), 2, "a" * 64)
    damage(local, old)
    latest = read_latest(local, secret=SECRET)
    assert (latest.info.name, latest.merged_from, latest.problems) == (head, (head,), ())


def test_a_damaged_head_falls_back_and_is_named_in_the_problems(local: LocalBackend, keys: BackupKeys) -> None:
    old = write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    head = write(local, keys, VaultData(accounts=make_accounts(2)), 2, "a" * 64)
    damage(local, head)
    latest = read_latest(local, secret=SECRET)
    assert latest.info.name == old
    assert latest.problems == (
        f"{head}: the backup is damaged (truncated or changed bytes): restore a previous copy or a backup",
    )


def test_nothing_usable_lists_the_first_three_problems(local: LocalBackend, keys: BackupKeys) -> None:
    names = [write(local, keys, VaultData(), g, str(g) * 64) for g in range(1, 5)]
    for name in names:
        damage(local, name)
    with pytest.raises(NoBackupError) as caught:
        read_latest(local, secret=SECRET)
    problem = "the backup is damaged (truncated or changed bytes): restore a previous copy or a backup"
    newest_first = sorted(names, reverse=True)[:3]
    assert caught.value.message == "no usable backup was found at this location: " + "; ".join(
        f"{n}: {problem}" for n in newest_first
    )


def test_an_empty_location_says_so(local: LocalBackend) -> None:
    (local.folder / "notes.txt").write_text("not a backup")
    with pytest.raises(NoBackupError) as caught:
        read_latest(local, secret=SECRET)
    assert caught.value.message == "no backup was found at this location (it may have been deleted)"


def test_a_wrong_secret_is_reported_for_each_object_and_raised(local: LocalBackend, keys: BackupKeys) -> None:
    write(local, keys, VaultData(), 1)
    with pytest.raises(WrongPasswordError) as caught:
        read_latest(local, secret="not the secret")
    assert caught.value.message == "wrong password: it does not open this backup"


def test_a_fork_is_merged_with_the_newest_written_first(local: LocalBackend, keys: BackupKeys) -> None:
    early = write(local, keys, VaultData(settings={"theme": "early"}), 3, "a" * 64, time="2026-01-01T00:00:00Z")
    late = write(local, keys, VaultData(settings={"theme": "late"}), 3, "f" * 64, time="2026-02-01T00:00:00Z")
    latest = read_latest(local, secret=SECRET)
    assert latest.info.name == late
    assert latest.merged_from == (late, early)
    assert latest.data.settings == {"theme": "late"}
    assert latest.backup_id == keys.backup_id


def test_two_backup_sets_in_one_place_each_get_their_own_key(
    local: LocalBackend, keys: BackupKeys, fast_kdf: KdfParams
) -> None:
    other = BackupKeys.create(SECRET, fast_kdf, "")  # the same secret, another set
    mine = write(local, keys, VaultData(accounts=make_accounts(1)), 2, "a" * 64)
    theirs = write(local, other, VaultData(accounts=make_accounts(1, "Other")), 2, "b" * 64)
    latest = read_latest(local, secret=SECRET)
    assert set(latest.merged_from) == {mine, theirs}
    assert {a.issuer for a in latest.data.accounts} == {"Site0", "Other0"}


def test_the_engine_path_opens_with_a_known_key_and_names_a_foreign_set(
    local: LocalBackend, keys: BackupKeys, fast_kdf: KdfParams, tmp_path: Path
) -> None:
    name = write(local, keys, VaultData(accounts=make_accounts(2)), 1)
    raw = local.read(name)
    header, data = open_object(name, raw, keys.mk, keys.backup_id)
    assert (header.generation, [a.issuer for a in data.accounts]) == (1, ["Site0", "Site1"])
    with pytest.raises(WrongPasswordError) as caught:
        decrypt_object(name, raw, keys.mk, "0" * 32)
    assert caught.value.message == f"{name} belongs to another backup set (another recovery secret)"
    with pytest.raises(CorruptFileError) as damaged:
        decrypt_object(name, raw[:-5], keys.mk, keys.backup_id)
    assert damaged.value.message == (
        f"{name}: the backup is damaged (truncated or changed bytes): restore a previous copy or a backup"
    )
    assert sealed.read_header(raw, what="backup").kind == "backup"


def test_a_planted_generation_zero_is_listed_as_such_and_never_read_after_the_head(
    local: LocalBackend, keys: BackupKeys
) -> None:
    head = write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    zero = write(local, keys, VaultData(), 0)
    damage(local, zero)
    assert [(i.name, i.generation) for i in list_backups(local)] == [(head, 1), (zero, 0)]
    latest = read_latest(local, secret=SECRET)
    assert (latest.merged_from, latest.problems) == ((head,), ())


def test_a_misnamed_object_is_never_opened(local: LocalBackend, keys: BackupKeys) -> None:
    good = write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    misnamed = write(
        local, keys, VaultData(accounts=make_accounts(1, "Planted")), 1, name=object_name(2, "0" * 32, None)
    )
    latest = read_latest(local, secret=SECRET)
    assert latest.merged_from == (good,)
    assert latest.problems == (f"{misnamed}: its name says generation 2 but it holds generation 1",)
    with pytest.raises(CorruptFileError) as caught:
        decrypt_object(misnamed, local.read(misnamed), keys.mk, keys.backup_id)
    assert caught.value.message == f"{misnamed}: its name says generation 2 but it holds generation 1"


def test_one_backup_read_says_which_object_it_is(local: LocalBackend, keys: BackupKeys) -> None:
    name = write(local, keys, VaultData(accounts=make_accounts(1)), 1)
    contents = read_backup(local, name, secret=SECRET)
    assert (contents.info.name, contents.info.generation, contents.info.device) == (name, 1, "pc")
    assert contents.merged_from == (name,)
