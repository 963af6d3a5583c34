"""The trash: a removed account is kept and restorable, entries expire after 30 days, and restoring a
conflict's loser swaps it with the live version."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tuiauth.core import trash
from tuiauth.core.account_ops import remove_account
from tuiauth.core.errors import AmbiguousError, NotFoundError
from tuiauth.core.vault import Vault
from tuiauth.core.vaultdata import VaultData
from tuiauth.core.vaultmerge import merge


def test_a_removed_account_is_in_the_trash_and_comes_back_newer_than_its_deletion(vault: Vault) -> None:
    first = vault.data.accounts[0]
    remove_account(vault, first.id)
    (entry,) = trash.entries(vault.data)
    assert (entry.account, entry.why, entry.reason) == (first, "removed", "removed here")
    back = trash.restore(vault, entry.entry_id)
    assert back.id == first.id and back.secret == first.secret and back in vault.data.accounts
    assert first.id not in vault.data.tombstones and vault.data.trash == []


def test_entries_older_than_30_days_are_hidden_then_forgotten(vault: Vault) -> None:
    first, second = vault.data.accounts[:2]
    trash.put(vault.data, first, "deleted", at=1000.0, device="phone")
    later = 1000.0 + trash.KEEP_SECONDS
    assert [e.account for e in trash.entries(vault.data, later - 1)] == [first]
    assert trash.entries(vault.data, later) == []
    trash.put(vault.data, second, "removed", at=later, device="")  # a new entry forgets the old one
    assert [e.account for e in trash.entries(vault.data, later)] == [second] and len(vault.data.trash) == 1


def test_restoring_a_conflicts_loser_puts_the_live_version_in_the_trash(vault: Vault) -> None:
    live = vault.data.accounts[0]
    loser = replace(live, note="my edit", updated_at=live.updated_at - 1)
    entry = trash.put(vault.data, loser, "conflict", at=2000.0, device="phone")
    assert "phone's newer edit" in entry.reason
    restored = trash.restore(vault, entry.entry_id, now=3000.0)
    assert restored.note == "my edit" and restored.updated_at == 3000.0
    assert vault.data.find_by_id(live.id) == restored
    (swapped,) = trash.entries(vault.data, 3000.0)
    assert swapped.account == live and swapped.why == "conflict"


def test_find_by_label_or_entry_id(vault: Vault) -> None:
    a, b = vault.data.accounts[:2]
    one = trash.put(vault.data, a, "removed", at=1.0, device="")
    trash.put(vault.data, b, "removed", at=2.0, device="")
    items = trash.entries(vault.data, 10.0)
    assert trash.find(items, a.issuer) == one
    assert trash.find(items, one.entry_id[:8]) == one
    with pytest.raises(NotFoundError):
        trash.find(items, "nothing like it")
    trash.put(vault.data, a, "removed", at=3.0, device="")
    with pytest.raises(AmbiguousError):
        trash.find(trash.entries(vault.data, 10.0), a.issuer)


def test_two_sessions_saving_at_once_keep_both_trashes(vault: Vault) -> None:
    """The three-way merge of sessions (tuiauth/core/vaultmerge.py) keeps entries added on either side
    and drops those restored on either side."""
    a, b, c = vault.data.accounts
    base = VaultData(accounts=[a, b, c])
    kept = trash.put(base, a, "removed", at=1.0, device="")
    restored_there = trash.put(base, b, "removed", at=2.0, device="")
    ours = VaultData(accounts=[a, b, c], trash=list(base.trash))
    mine = trash.put(ours, c, "removed", at=3.0, device="")
    theirs = VaultData(accounts=[a, b, c], trash=[t for t in base.trash if t["entry"] != restored_there.entry_id])
    theirs_new = trash.put(theirs, b, "deleted", at=4.0, device="phone")
    merged = merge(base, ours, theirs)
    assert {t["entry"] for t in merged.trash} == {kept.entry_id, mine.entry_id, theirs_new.entry_id}
