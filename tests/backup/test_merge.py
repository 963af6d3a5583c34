"""Merging contents by account id: newest version, tombstones, HOTP counters, order and settings."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.accounts import Account
from tuiauth.core.backup import merge_contents
from tuiauth.core.vaultdata import VaultData


def account(issuer: str, updated: float, **kw: object) -> Account:
    return Account(issuer=issuer, secret=b"s" * 10, updated_at=updated, created_at=1.0, **kw)  # type: ignore[arg-type]


def test_newest_version_wins_and_primary_order_first() -> None:
    a, b, c = account("A", 10), account("B", 10), account("C", 10)
    primary = VaultData(accounts=[b, a], settings={"groups": ["x"]})
    other = VaultData(accounts=[replace(a, issuer="A2", updated_at=20), c, b], settings={"groups": ["y"], "k": 1})
    merged = merge_contents(primary, [other])
    assert [x.issuer for x in merged.accounts] == ["B", "A2", "C"]
    assert merged.settings == {"groups": ["x"], "k": 1}


def test_tombstones_remove_older_versions_only() -> None:
    a, b = account("A", 10), account("B", 30)
    merged = merge_contents(VaultData(accounts=[a, b]), [VaultData(tombstones={a.id: 20, b.id: 20})])
    assert [x.issuer for x in merged.accounts] == ["B"]
    assert merged.tombstones == {a.id: 20, b.id: 20}


def test_counter_takes_the_maximum_even_from_an_older_version() -> None:
    h = account("H", 10, type="hotp", counter=3)
    merged = merge_contents(
        VaultData(accounts=[replace(h, counter=4, updated_at=30)]), [VaultData(accounts=[replace(h, counter=9)])]
    )
    (only,) = merged.accounts
    assert only.counter == 9 and only.updated_at == 30


def test_inputs_are_not_changed() -> None:
    h = account("H", 10, counter=1)
    primary = VaultData(accounts=[h])
    merge_contents(primary, [VaultData(accounts=[replace(h, counter=5)])])
    assert primary.accounts[0].counter == 1


versions = st.lists(
    st.tuples(st.sampled_from("abcde"), st.integers(0, 50), st.integers(0, 20)), max_size=12
)  # (account id, updated_at, counter)
tombstones = st.dictionaries(st.sampled_from("abcde"), st.integers(0, 50), max_size=5)


def contents(rows: list[tuple[str, int, int]], dead: dict[str, int]) -> VaultData:
    latest: dict[str, Account] = {}
    for account_id, updated, counter in rows:  # one version of an id per side, as in a vault
        latest[account_id] = Account(id=account_id, issuer=f"{account_id}{updated}", secret=b"s", counter=counter,
                                     updated_at=float(updated), created_at=0.0)  # fmt: skip
    return VaultData(accounts=list(latest.values()), tombstones={k: float(v) for k, v in dead.items()})


@given(st.lists(st.tuples(versions, tombstones), min_size=1, max_size=4))
def test_merge_properties(sides: list[tuple[list[tuple[str, int, int]], dict[str, int]]]) -> None:
    datas = [contents(rows, dead) for rows, dead in sides]
    merged = merge_contents(datas[0], datas[1:])
    every = [a for d in datas for a in d.accounts]
    dead = {k: max(d.tombstones.get(k, -1.0) for d in datas) for d in datas for k in d.tombstones}
    ids = [a.id for a in merged.accounts]
    assert len(ids) == len(set(ids))
    for account_id in {a.id for a in every}:
        newest = max(a.updated_at for a in every if a.id == account_id)
        alive = dead.get(account_id, -1.0) < newest
        assert (account_id in ids) == alive
        if alive:
            kept = next(a for a in merged.accounts if a.id == account_id)
            assert kept.updated_at == newest
            assert kept.counter == max(a.counter for a in every if a.id == account_id)
    assert merged.tombstones == dead
    # the same inputs in another order keep the same accounts (the order of the list may differ)
    again = merge_contents(datas[-1], datas[:-1])
    assert {(a.id, a.updated_at, a.counter) for a in again.accounts} == {
        (a.id, a.updated_at, a.counter) for a in merged.accounts
    }
