"""Several sessions on one vault: another session's save is noticed and taken, a change made over an
older version is applied to the newest or refused naming what clashed, and nothing is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tuiauth.core import sealed
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import VaultChangedError
from tuiauth.core.vault import Vault

PASSWORD = "shared password"


@pytest.fixture
def path(isolated_home: Path, fast_kdf: KdfParams) -> Path:
    vault_path = isolated_home / "vault.tuiauth"
    vault = Vault.create(vault_path, PASSWORD, kdf=fast_kdf)[0]
    vault.data.accounts += [
        Account(issuer="GitHub", name="alice", secret=b"1234567890", id="github"),
        Account(issuer="GitLab", name="bob", secret=b"0987654321", id="gitlab", type="hotp"),
        Account(issuer="Mail", name="carol", secret=b"5555555555", id="mail"),
    ]
    vault.save()
    return vault_path


def _two(path: Path) -> tuple[Vault, Vault]:
    return Vault.open(path, password=PASSWORD, write=True), Vault.open(path, password=PASSWORD, write=True)


def _on_disk(path: Path) -> dict[str, Account]:
    return {a.id: a for a in Vault.open(path, password=PASSWORD).data.accounts}


def _edit(vault: Vault, account_id: str, **changes: object) -> None:
    i = next(i for i, a in enumerate(vault.data.accounts) if a.id == account_id)
    vault.data.accounts[i] = vault.data.accounts[i].touched(**changes)


def test_a_save_elsewhere_is_noticed_and_taken_in_place(path: Path) -> None:
    one, two = _two(path)
    data = two.data
    assert not two.changed_on_disk() and not two.reload()
    _edit(one, "github", name="alice2")
    one.save()
    assert two.changed_on_disk()
    assert two.reload()
    assert two.data is data and data.accounts[0].name == "alice2"  # updated in place
    assert two.generation == one.generation
    assert not two.changed_on_disk() and not two.reload()


def test_different_fields_of_one_account_both_survive(path: Path) -> None:
    one, two = _two(path)
    _edit(one, "github", name="renamed")
    one.save()
    _edit(two, "github", note="a note", favourite=True)
    two.save()
    github = _on_disk(path)["github"]
    assert (github.name, github.note, github.favourite) == ("renamed", "a note", True)
    assert two.data.accounts[0].name == "renamed"  # the saving session shows the merged version


def test_one_field_changed_differently_is_refused_naming_it_and_nothing_is_written(path: Path) -> None:
    one, two = _two(path)
    _edit(one, "github", issuer="GitHub Inc")
    one.save()
    before = path.read_bytes()
    _edit(two, "github", issuer="GitHub Enterprise")
    with pytest.raises(VaultChangedError) as refused:
        two.save()
    assert "GitHub Inc (alice) was changed there too (issuer)" in str(refused.value)
    assert "Your change was not saved" in str(refused.value)
    assert path.read_bytes() == before
    assert two.reload() and two.data.accounts[0].issuer == "GitHub Inc"


def test_removed_here_while_changed_there_is_refused(path: Path) -> None:
    one, two = _two(path)
    _edit(one, "mail", note="keep me")
    one.save()
    two.data.accounts = [a for a in two.data.accounts if a.id != "mail"]
    with pytest.raises(VaultChangedError, match=r"Mail \(carol\) was changed there while it was removed here"):
        two.save()
    assert _on_disk(path)["mail"].note == "keep me"


def test_additions_and_removals_on_both_sides_all_apply(path: Path) -> None:
    one, two = _two(path)
    one.data.accounts.append(Account(issuer="One", secret=b"1111111111", id="one"))
    one.data.accounts = [a for a in one.data.accounts if a.id != "gitlab"]
    one.data.tombstones["gitlab"] = 1.0
    one.save()
    two.data.accounts.append(Account(issuer="Two", secret=b"2222222222", id="two"))
    two.data.accounts.insert(0, two.data.accounts.pop(2))  # moved Mail to the top
    two.save()
    assert list(_on_disk(path)) == ["mail", "github", "two", "one"]  # in the order saved here, with its addition
    assert Vault.open(path, password=PASSWORD).data.tombstones == {"gitlab": 1.0}


def test_an_hotp_counter_counts_every_use_and_never_goes_back(path: Path) -> None:
    one, two = _two(path)
    _edit(one, "gitlab", counter=3)
    one.save()
    _edit(two, "gitlab", counter=2)
    two.save()
    assert _on_disk(path)["gitlab"].counter == 5  # 3 uses there and 2 here


def test_an_older_copy_put_in_place_is_not_merged_into(path: Path) -> None:
    one = Vault.open(path, password=PASSWORD, write=True)
    one.save()
    shutil.copyfile(path.with_name("vault.tuiauth.1"), path)  # another program restores an older copy
    older = path.read_bytes()
    _edit(one, "github", note="x")
    with pytest.raises(VaultChangedError, match="older version in place"):
        one.save()
    assert path.read_bytes() == older
    assert one.reload() and one.data.accounts[0].note == ""


def test_every_save_links_to_the_one_before_and_keeps_earlier_versions(path: Path) -> None:
    one, two = _two(path)
    for n in range(3):
        _edit(one, "github", note=f"one {n}")
        one.save()
        _edit(two, "mail", note=f"two {n}")
        two.save()
    files = [path, *(path.with_name(f"vault.tuiauth.{n}") for n in (1, 2, 3))]
    headers = [sealed.read_header(f.read_bytes()) for f in files]
    assert [h.generation for h in headers] == [8, 7, 6, 5]
    for newer, older in zip(headers, files[1:], strict=False):
        assert newer.parent == sealed.file_hash(older.read_bytes())
    on_disk = _on_disk(path)
    assert (on_disk["github"].note, on_disk["mail"].note) == ("one 2", "two 2")


def test_a_password_changed_elsewhere_is_kept_by_a_later_save_here(path: Path, fast_kdf: KdfParams) -> None:
    one, two = _two(path)
    one.change_password("new password", kdf=fast_kdf)
    _edit(two, "github", note="x")
    two.save()
    again = Vault.open(path, password="new password")
    assert again.data.accounts[0].note == "x"
