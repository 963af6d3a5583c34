"""Merging contents by account id: newest version, tombstones, HOTP counters, order and settings."""

from __future__ import annotations

from dataclasses import replace

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
