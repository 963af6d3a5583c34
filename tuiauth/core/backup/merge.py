"""Merging backup contents: a fork (two valid objects of one generation) or a head written elsewhere.

Accounts are matched by id. The version with the newest ``updated_at`` wins (the first given wins a
tie), except that a counter-based account keeps the highest counter any version reached, so an HOTP
code already used is never offered again. An account is gone when a tombstone is at least as new as
its winning version. Order and settings come from the first contents given (the "primary": the
local vault when committing), followed by what only the others hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..accounts import Account
from ..vaultdata import VaultData


def merge_contents(primary: VaultData, others: Sequence[VaultData]) -> VaultData:
    """A new ``VaultData`` holding the merge; the inputs are not changed."""
    tombstones = dict(primary.tombstones)
    for other in others:
        for account_id, when in other.tombstones.items():
            if when > tombstones.get(account_id, float("-inf")):
                tombstones[account_id] = when
    best: dict[str, Account] = {}
    counters: dict[str, int] = {}
    order: list[str] = []
    for contents in (primary, *others):
        for account in contents.accounts:
            current = best.get(account.id)
            if current is None:
                order.append(account.id)
                best[account.id] = account
            elif account.updated_at > current.updated_at:
                best[account.id] = account
            counters[account.id] = max(counters.get(account.id, 0), account.counter)
    accounts: list[Account] = []
    for account_id in order:
        account = best[account_id]
        if tombstones.get(account_id, float("-inf")) >= account.updated_at:
            continue
        if counters[account_id] != account.counter:
            account = replace(account, counter=counters[account_id])
        accounts.append(account)
    settings = dict(primary.settings)
    for other in others:
        for key, value in other.settings.items():
            settings.setdefault(key, value)
    return VaultData(accounts=accounts, tombstones=tombstones, settings=settings)
