"""The trash: accounts removed or replaced on this device, kept 30 days so they can be restored.

An account lands here when it is removed (here, or on another device sharing a backup location:
the sync brings the deletion) and when a sync conflict replaced this device's edit with another
device's newer one (``why == "conflict"``: the live account is the winner, the entry the loser).
The trash lives in ``VaultData.trash`` inside the encrypted vault and never travels in a backup.

Restoring an entry makes its account live again with a fresh ``updated_at``, so the next sync
carries it back to the other devices (it is newer than their deletion marker). Restoring the loser
of a conflict swaps it with the live version, which goes to the trash in its turn.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from .accounts import Account, new_id
from .errors import AmbiguousError, CorruptFileError, NotFoundError
from .vaultdata import COLUMNS, VaultData, account_row, accounts_from_rows

if TYPE_CHECKING:
    from .vault import Vault

#: How long an entry is kept (seconds).
KEEP_SECONDS = 30 * 24 * 3600
Why = Literal["removed", "deleted", "conflict"]
WHY_TEXT: dict[Why, str] = {
    "removed": "removed here",
    "deleted": "deleted on {device}",
    "conflict": "conflict: {device}'s newer edit replaced this version",
}


@dataclass(frozen=True)
class TrashEntry:
    """One account in the trash: why it is here, when, and which device caused it."""

    entry_id: str
    account: Account
    why: Why
    at: float
    device: str

    @property
    def reason(self) -> str:
        return WHY_TEXT[self.why].format(device=self.device or "another device")

    def expires_at(self) -> float:
        return self.at + KEEP_SECONDS

    def to_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry_id,
            "account": account_row(self.account),
            "why": self.why,
            "at": self.at,
            "device": self.device,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> TrashEntry:
        try:
            why = raw["why"]
            if why not in WHY_TEXT:
                raise ValueError(why)
            (account,) = accounts_from_rows(list(COLUMNS), [raw["account"]])
            return cls(str(raw["entry"]), account, why, float(raw["at"]), str(raw["device"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise CorruptFileError(f"an entry of the trash is damaged ({type(exc).__name__})") from None


def put(data: VaultData, account: Account, why: Why, *, at: float, device: str) -> TrashEntry:
    """Add ``account`` to ``data``'s trash, forgetting entries past their time (the caller saves)."""
    purge(data, at)
    entry = TrashEntry(new_id(), account, why, at, device)
    data.trash.append(entry.to_json())
    return entry


def entries(data: VaultData, now: float | None = None) -> list[TrashEntry]:
    """The trash, newest first, without entries past their time at ``now`` (forgotten at the next put)."""
    now = time.time() if now is None else now
    kept = (e for e in map(TrashEntry.from_json, data.trash) if e.expires_at() > now)
    return sorted(kept, key=lambda e: e.at, reverse=True)


def purge(data: VaultData, now: float) -> int:
    """Forget entries older than ``KEEP_SECONDS``; returns how many (the caller saves)."""
    kept = [raw for raw in data.trash if float(raw.get("at", 0.0)) + KEEP_SECONDS > now]
    dropped = len(data.trash) - len(kept)
    data.trash[:] = kept
    return dropped


def find(items: Sequence[TrashEntry], query: str) -> TrashEntry:
    """The entry ``query`` names: its entry id (or a prefix of it), or the account's label or issuer."""
    q = query.strip().casefold()
    found = [e for e in items if e.entry_id.startswith(q) and q] or [
        e for e in items if q in (e.account.label.casefold(), e.account.issuer.casefold(), e.account.id)
    ]
    if not found:
        raise NotFoundError(f"nothing in the trash matches {query!r}")
    if len(found) > 1:
        ids = ", ".join(f"{e.entry_id[:8]} ({e.account.label})" for e in found[:6])
        raise AmbiguousError(f"{query!r} matches {len(found)} entries in the trash: {ids}; give the entry id")
    return found[0]


def restore(vault: Vault, entry_id: str, *, now: float | None = None) -> Account:
    """Make the entry's account live again (newest version, so syncs carry it) and save."""
    now = time.time() if now is None else now
    data = vault.data
    index = next((i for i, raw in enumerate(data.trash) if raw.get("entry") == entry_id), None)
    if index is None:
        raise NotFoundError("that entry is no longer in the trash")
    entry = TrashEntry.from_json(data.trash[index])
    account = replace(entry.account, updated_at=max(now, entry.account.updated_at + 1e-6))
    del data.trash[index]
    live = next((i for i, a in enumerate(data.accounts) if a.id == account.id), None)
    if live is None:
        data.accounts.append(account)
    else:  # a conflict's loser: the live version goes to the trash in its place
        put(data, data.accounts[live], "conflict", at=now, device=vault.device_name)
        account = replace(account, counter=max(account.counter, data.accounts[live].counter))
        data.accounts[live] = account
    data.tombstones.pop(account.id, None)
    vault.save()
    return account
