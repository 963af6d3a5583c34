"""The merge's tie rules, at equal times: the first contents given win a tie between versions, a
tombstone as new as an account removes it, and the newest of equal-or-older tombstones is kept."""

from __future__ import annotations

from dataclasses import replace

from tuiauth.core.accounts import Account
from tuiauth.core.backup import merge_contents
from tuiauth.core.vaultdata import VaultData


def account(issuer: str, updated: float, **kw: object) -> Account:
    return Account(id=issuer.lower(), issuer=issuer, secret=b"s" * 10, updated_at=updated, created_at=1.0, **kw)  # type: ignore[arg-type]


def test_a_tie_between_versions_keeps_the_first_given() -> None:
    mine = account("A", 10, note="mine")
    theirs = replace(mine, note="theirs")
    later = replace(mine, note="later", updated_at=11)
    assert merge_contents(VaultData(accounts=[mine]), [VaultData(accounts=[theirs])]).accounts == [mine]
    merged = merge_contents(VaultData(accounts=[mine]), [VaultData(accounts=[theirs]), VaultData(accounts=[later])])
    assert merged.accounts == [later]
    merged = merge_contents(VaultData(accounts=[later]), [VaultData(accounts=[mine]), VaultData(accounts=[theirs])])
    assert merged.accounts == [later]


def test_a_tombstone_as_new_as_the_account_removes_it_and_an_older_one_does_not() -> None:
    a = account("A", 10)
    assert merge_contents(VaultData(accounts=[a]), [VaultData(tombstones={"a": 10.0})]).accounts == []
    assert merge_contents(VaultData(accounts=[a]), [VaultData(tombstones={"a": 9.5})]).accounts == [a]
    assert merge_contents(VaultData(accounts=[a], tombstones={"a": 10.0}), []).accounts == []


def test_the_newest_tombstone_is_kept_whichever_side_holds_it() -> None:
    merged = merge_contents(
        VaultData(tombstones={"a": 5.0, "b": 9.0, "c": 4.0}),
        [VaultData(tombstones={"a": 7.0, "b": 3.0}), VaultData(tombstones={"a": 6.0, "d": 1.0, "c": 4.0})],
    )
    assert merged.tombstones == {"a": 7.0, "b": 9.0, "c": 4.0, "d": 1.0}


def test_the_highest_counter_is_kept_on_the_winning_version() -> None:
    h = account("H", 10, type="hotp", counter=4, note="newest")
    merged = merge_contents(
        VaultData(accounts=[replace(h, counter=9, note="old", updated_at=5)]), [VaultData(accounts=[h])]
    )
    assert [(a.note, a.counter) for a in merged.accounts] == [("newest", 9)]
    same = merge_contents(VaultData(accounts=[h]), [VaultData(accounts=[replace(h, counter=2, updated_at=1)])])
    assert same.accounts[0] is h  # nothing to change: the winning version itself


def test_settings_of_the_first_given_win_and_the_others_fill_gaps_in_order() -> None:
    merged = merge_contents(
        VaultData(settings={"theme": "mine"}),
        [VaultData(settings={"theme": "theirs", "groups": ["x"]}), VaultData(settings={"groups": ["y"], "k": 2})],
    )
    assert merged.settings == {"theme": "mine", "groups": ["x"], "k": 2}


def test_accounts_only_elsewhere_follow_in_the_order_first_seen() -> None:
    a, b, c, d = (account(x, 1) for x in "ABCD")
    merged = merge_contents(VaultData(accounts=[b]), [VaultData(accounts=[d, a]), VaultData(accounts=[c, a, b])])
    assert [x.issuer for x in merged.accounts] == ["B", "D", "A", "C"]
