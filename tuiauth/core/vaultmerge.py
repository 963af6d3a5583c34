"""Applying one session's change to a newer vault file another session saved meanwhile.

Several sessions (TUI windows, commands, the agent) may have one vault open; each saves under the
writer lock only for the moment of the save (``tuiauth/core/vault.py``). When the file on disk is
newer than the one a session loaded, its change is replayed onto the newer file by a three-way
merge of what it loaded (``base``), what it has now (``ours``) and what is on disk (``theirs``):

- an account, a setting or a backup location changed on one side only takes that side's value;
- an account changed on both sides merges field by field; a field changed differently on both
  sides is a conflict (``MergeConflict``), except the HOTP counter, which adds both sides' uses and
  never goes back, and the change time, which takes the later;
- an account removed on one side and changed on the other is a conflict;
- the order follows the side that reordered; additions from either side are kept;
- a backup location's ``state`` (bookkeeping) changed on both sides takes ours, the later write;
- the trash keeps the entries either side added and drops those either side restored.

A conflict names what the other session changed; nothing is written then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from typing import Any

from .accounts import Account
from .errors import VaultChangedError
from .vaultdata import VaultData

_ACCOUNT_FIELDS = tuple(f.name for f in fields(Account))


class MergeConflict(VaultChangedError):
    """Both sessions changed the same thing differently; the message says what."""


def merge(base: VaultData, ours: VaultData, theirs: VaultData) -> VaultData:
    """``ours``'s changes since ``base`` applied to ``theirs``; ``MergeConflict`` when they clash."""
    conflicts: list[str] = []
    accounts = _merge_accounts(base.accounts, ours.accounts, theirs.accounts, conflicts)
    tombstones = dict(theirs.tombstones)
    for key, when in ours.tombstones.items():
        tombstones[key] = max(when, tombstones.get(key, when))
    merged = VaultData(
        accounts=accounts,
        tombstones=tombstones,
        device=_merge_dict(base.device, ours.device, theirs.device, _conflict(conflicts, "a device-bound value")),
        locations=_merge_locations(base.locations, ours.locations, theirs.locations, conflicts),
        settings=_merge_dict(base.settings, ours.settings, theirs.settings, _conflict(conflicts, "the setting")),
        recovery_key=_pick(base.recovery_key, ours.recovery_key, theirs.recovery_key, "recovery key", conflicts),
        trash=_merge_trash(base.trash, ours.trash, theirs.trash),
    )
    if conflicts:
        raise MergeConflict(
            "another session changed the vault at the same time: "
            + "; ".join(dict.fromkeys(conflicts))
            + ". Your change was not saved; the vault now shows the other session's version"
        )
    return merged


def _merge_trash(
    base: list[dict[str, Any]], ours: list[dict[str, Any]], theirs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    def ids(items: list[dict[str, Any]]) -> set[Any]:
        return {item.get("entry") for item in items}

    restored_here = ids(base) - ids(ours)
    before, there = ids(base), ids(theirs)
    kept = [item for item in theirs if item.get("entry") not in restored_here]
    return kept + [item for item in ours if item.get("entry") not in before and item.get("entry") not in there]


def _conflict(conflicts: list[str], what: str) -> Callable[[str], None]:
    return lambda key: conflicts.append(f"{what} {key!r} was changed there too")


def _pick(base: Any, ours: Any, theirs: Any, what: str, conflicts: list[str]) -> Any:
    if ours in (base, theirs):
        return theirs
    if theirs == base:
        return ours
    conflicts.append(f"the {what} was changed there too")
    return theirs


def _merge_dict(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], clash: Callable[[str], None] | None
) -> dict[str, Any]:
    """Key by key; ``clash`` is told a key both sides changed differently (None: ours wins)."""
    out = dict(theirs)
    for key in set(base) | set(ours):
        b, o, t = base.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING)
        if o in (b, t):
            continue
        if t != b and clash is not None:
            clash(key)
            continue
        if o is _MISSING:
            out.pop(key, None)
        else:
            out[key] = o
    return out


_MISSING: Any = object()


def _merge_locations(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], conflicts: list[str]
) -> dict[str, Any]:
    out = dict(theirs)
    for name in set(base) | set(ours):
        b, o, t = base.get(name), ours.get(name), theirs.get(name)
        if o in (b, t):
            continue
        if t == b:
            if o is None:
                out.pop(name, None)
            else:
                out[name] = o
        elif o is None or t is None:
            conflicts.append(f"the backup location {name!r} was changed or removed there")
        else:
            settings = _merge_dict(
                {k: v for k, v in (b or {}).items() if k != "state"},
                {k: v for k, v in o.items() if k != "state"},
                {k: v for k, v in t.items() if k != "state"},
                _conflict(conflicts, f"backup location {name!r}:"),
            )
            state = _merge_dict((b or {}).get("state", {}), o.get("state", {}), t.get("state", {}), None)
            out[name] = {**settings, "state": state}
    return out


def _merge_accounts(
    base: Sequence[Account], ours: Sequence[Account], theirs: Sequence[Account], conflicts: list[str]
) -> list[Account]:
    b = {a.id: a for a in base}
    o = {a.id: a for a in ours}
    t = {a.id: a for a in theirs}
    kept: dict[str, Account] = {}
    for key in dict.fromkeys([*t, *o]):
        mine, other, was = o.get(key), t.get(key), b.get(key)
        if mine is not None and other is not None:
            kept[key] = _merge_account(was, mine, other, conflicts)
        elif mine is not None:  # added here, or removed there
            if was is None:
                kept[key] = mine
            elif mine != was:
                conflicts.append(f"{was.label} was removed there while it was changed here")
        elif other is not None:  # added there, or removed here
            if was is None:
                kept[key] = other
            elif other != was:
                conflicts.append(f"{was.label} was changed there while it was removed here")
    ours_moved = [a.id for a in ours if a.id in b] != [a.id for a in base if a.id in o]
    first, second = (ours, theirs) if ours_moved else (theirs, ours)
    order = [a.id for a in first if a.id in kept]
    placed = set(order)
    for i, account in enumerate(second):  # the other side's additions: at the end, or after their predecessor
        if account.id in kept and account.id not in placed:
            at_end = not any(p.id in placed for p in second[i + 1 :])
            before = None if at_end else next((p.id for p in reversed(second[:i]) if p.id in placed), None)
            where = len(order) if at_end else 0 if before is None else order.index(before) + 1
            order.insert(where, account.id)
            placed.add(account.id)
    return [kept[key] for key in order]


def _merge_account(base: Account | None, ours: Account, theirs: Account, conflicts: list[str]) -> Account:
    if ours in (theirs, base) or base is None:
        return theirs
    if theirs == base:
        return ours
    changes: dict[str, Any] = {}
    for name in _ACCOUNT_FIELDS:
        was, mine, other = getattr(base, name), getattr(ours, name), getattr(theirs, name)
        if mine in (was, other):
            continue
        if other == was:
            changes[name] = mine
        elif name == "counter":  # both sides used codes: count every use, never go back
            changes[name] = max(mine, other, other + mine - was)
        elif name == "updated_at":
            changes[name] = max(mine, other)
        else:
            conflicts.append(f"{theirs.label} was changed there too ({name.replace('_', ' ')})")
    return replace(theirs, **changes)
