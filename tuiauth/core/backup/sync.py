"""Two-way sync: merging a location's head into this device's own vault before committing.

``sync_into(local, remotes, …)`` is a pure function. It applies to the local vault the changes the
other devices made (the heads' contents, already found trustworthy by ``devices.py``), with the
rules of the backup merge (``merge.py``): per account the newest ``updated_at`` wins, a counter-based
account keeps the highest counter, a deletion marker at least as new as the live version removes it.
What it adds to those rules:

- nothing vanishes: an account another device deleted goes to this device's trash (``trash.py``);
  so does this device's edit that lost against another device's newer one (a **conflict**: the
  local version changed since this device's last sync and the newer remote version differs);
- nothing planted is believed: a version or deletion marker dated more than ``SKEW`` seconds in the
  future, or an id this device holds arriving with another secret or method (an id is never taken
  over by another secret), changes nothing and is reported as ``Suspicious``;
- ties of ``updated_at`` between different versions are broken by their contents, so that every
  device picks the same winner (the merge converges whatever the order of syncs).

The committed backup is then the synced local contents, so a verified backup holds exactly what
this device holds (``invariant.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import orjson

from .. import trash
from ..accounts import Account
from ..specs import MethodSpec
from ..vaultdata import VaultData, account_row
from .body import travels_whole

#: A change dated more than this many seconds after now is not believed (clocks drift a little).
SKEW = 300.0
#: Fields that a version may change; the secret and the method never change under one id.
_VERSION_FIELDS = (
    "issuer", "name", "algorithm", "digits", "period", "groups", "favourite", "note", "extra",
)  # fmt: skip


@dataclass(frozen=True)
class Remote:
    """One head object: its contents and the name of the device that wrote it."""

    data: VaultData
    device: str


@dataclass(frozen=True)
class Suspicious:
    """A remote change that was refused, and why (never the secret)."""

    account_id: str
    label: str
    reason: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.reason}"


@dataclass(frozen=True)
class Conflict:
    """This device's edit of ``account_id`` lost against ``device``'s newer one (kept in the trash)."""

    account_id: str
    label: str
    device: str


@dataclass
class SyncResult:
    data: VaultData
    added: int = 0
    updated: int = 0
    deleted: int = 0
    settings_added: int = 0
    #: Deletion markers recorded here (for accounts this device had or never had).
    markers_added: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    suspicious: list[Suspicious] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the local accounts, deletion markers or settings changed."""
        return bool(self.added or self.updated or self.deleted or self.settings_added or self.markers_added)


def newer(a: Account, b: Account) -> bool:
    """True when version ``a`` beats ``b``: a later ``updated_at``; on a tie, the larger contents
    (the same choice on every device)."""
    if a.updated_at != b.updated_at:
        return a.updated_at > b.updated_at
    return _tie_key(a) > _tie_key(b)


def _tie_key(a: Account) -> bytes:
    return orjson.dumps(account_row(replace(a, counter=0)))


def differs(a: Account, b: Account) -> bool:
    """True when the versions differ in something a person set (the counter aside)."""
    return any(getattr(a, f) != getattr(b, f) for f in _VERSION_FIELDS)


def sync_into(
    local: VaultData,
    remotes: Sequence[Remote],
    methods: Mapping[str, MethodSpec],
    *,
    now: float,
    synced_upto: float,
    device_name: str,
) -> SyncResult:
    """``local`` with the ``remotes``' changes applied (a new ``VaultData``; ``local`` is not changed).

    ``synced_upto`` is the newest change this device had already committed at its last sync: a local
    version newer than that is an edit the others have not seen yet (a conflict if they changed it too).
    """
    accounts = list(local.accounts)
    index = {a.id: i for i, a in enumerate(accounts)}
    data = VaultData(
        accounts=accounts,
        tombstones=dict(local.tombstones),
        device=dict(local.device),
        locations=local.locations,
        settings=dict(local.settings),
        recovery_key=local.recovery_key,
        trash=list(local.trash),
    )
    result = SyncResult(data)
    for remote in remotes:
        _take_accounts(result, index, remote, methods, now, synced_upto)
        _take_tombstones(result, index, remote, now)
        for key, value in remote.data.settings.items():
            if key not in data.settings:
                data.settings[key] = value
                result.settings_added += 1
    if result.deleted:
        live = set(index.values())
        data.accounts = [a for i, a in enumerate(accounts) if i in live]
    return result


def _take_accounts(
    result: SyncResult,
    index: dict[str, int],
    remote: Remote,
    methods: Mapping[str, MethodSpec],
    now: float,
    synced_upto: float,
) -> None:
    data = result.data
    accounts = data.accounts
    for theirs in remote.data.accounts:
        if theirs.updated_at > now + SKEW:
            result.suspicious.append(Suspicious(theirs.id, theirs.label, "a version dated in the future"))
            continue
        i = index.get(theirs.id)
        if i is None:
            if data.tombstones.get(theirs.id, float("-inf")) >= theirs.updated_at:
                continue  # deleted here after that version
            index[theirs.id] = len(accounts)
            accounts.append(theirs)
            result.added += 1
            continue
        mine = accounts[i]
        if theirs.type != mine.type or (travels_whole(mine, methods) and theirs.secret != mine.secret):
            reason = "the same id with another secret or method (an id is never taken over)"
            result.suspicious.append(Suspicious(mine.id, mine.label, reason))
            continue
        counter = max(mine.counter, theirs.counter)
        if theirs.updated_at >= mine.updated_at and differs(theirs, mine) and newer(theirs, mine):
            if mine.updated_at > synced_upto:
                trash.put(data, mine, "conflict", at=now, device=remote.device)
                result.conflicts.append(Conflict(mine.id, mine.label, remote.device))
            winner = theirs if travels_whole(mine, methods) else replace(theirs, secret=mine.secret, extra=mine.extra)
            accounts[i] = replace(winner, counter=counter) if winner.counter != counter else winner
            result.updated += 1
        elif counter != mine.counter:
            accounts[i] = replace(mine, counter=counter)
            result.updated += 1


def _take_tombstones(result: SyncResult, index: dict[str, int], remote: Remote, now: float) -> None:
    data = result.data
    for account_id, when in remote.data.tombstones.items():
        if when > now + SKEW:
            result.suspicious.append(Suspicious(account_id, account_id, "a deletion marker dated in the future"))
            continue
        if when > data.tombstones.get(account_id, float("-inf")):
            data.tombstones[account_id] = when
            result.markers_added += 1
        i = index.get(account_id)
        if i is None:
            continue
        mine = data.accounts[i]
        if when >= mine.updated_at:
            del index[account_id]
            data.device.pop(account_id, None)
            trash.put(data, mine, "deleted", at=now, device=remote.device)
            result.deleted += 1
