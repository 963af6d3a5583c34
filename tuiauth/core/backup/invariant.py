"""The backup invariant: a backup's live accounts equal this device's live accounts.

``compare_live(backup, local, methods)`` is what a read-back verification and ``tuiauth backup
check`` ask of a backup: does it hold every account this device holds, with the same id, secret,
parameters and settings? It returns the differences found (an empty list when the invariant holds);
each has a one-line ``reason`` that names the account by its label and id, never by its secret.

What is compared is what travels (``body.backup_data``): the local vault is first reduced to the
body a backup of it would carry, so the device-bound values — the ``device`` layer and, for an
account of a device-bound method, its secret and method values — are never a difference. Not
compared either: ``created_at``/``updated_at`` (bookkeeping for merges, not something the account
does), the order of the accounts (a display choice that a merge may extend), and tombstones as
such (only their effect: an account a tombstone removed is not live).

HOTP and other counter-based methods: a backup counter **higher** than the local one is *not* a
difference. The merge rule keeps the highest counter any device reached (``merge.merge_contents``),
so a backup ahead of this device means another device used codes; restoring it offers only codes
not used yet, and the next sync brings the counter here. A backup counter **lower** than the local
one is a difference: a restore would offer codes already used, which the service rejects. For
time-based methods the counter and, for counter-based ones, the period are unused and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..accounts import Account
from ..specs import MethodSpec
from ..vaultdata import VaultData
from .body import backup_data

DifferenceKind = Literal["missing", "extra", "secret", "parameters", "counter", "details", "settings"]

#: Fields that decide which codes an account produces (besides the secret and the counter).
PARAMETER_FIELDS = ("type", "algorithm", "digits", "period")
#: Fields a person set on the account that travel with it.
DETAIL_FIELDS = ("issuer", "name", "groups", "favourite", "note", "extra")


@dataclass(frozen=True, slots=True)
class Difference:
    """One way a backup fails the invariant.

    ``kind``: ``missing`` (live here, not live in the backup), ``extra`` (live in the backup, not
    here), ``secret``, ``parameters``, ``counter`` (the backup's is lower), ``details`` (issuer,
    name, groups, favourite, note, method values) or ``settings`` (the vault-wide account settings).
    ``account_id`` is empty for ``settings``. ``fields`` names what differs (never its values).
    ``backup_newer`` is True when the backup's side is the newer one (another device's change this
    device has not pulled yet) rather than something the backup lacks.
    """

    kind: DifferenceKind
    account_id: str
    fields: tuple[str, ...]
    reason: str
    backup_newer: bool = False


def compare_live(backup: VaultData, local: VaultData, methods: Mapping[str, MethodSpec]) -> list[Difference]:
    """The differences between ``backup``'s live accounts and ``local``'s (none: the invariant holds).

    ``backup`` is a parsed backup body; ``local`` is the vault's data (it is reduced to what travels
    here). Differences come in the local order, then the backup's extras, then settings.
    """
    expected = backup_data(local, methods)
    mine = live_accounts(expected)
    theirs = live_accounts(backup)
    out: list[Difference] = []
    for account_id, here in mine.items():
        there = theirs.get(account_id)
        if there is None:
            newer = backup.tombstones.get(account_id, float("-inf")) >= here.updated_at
            why = "the backup deleted it later (another device)" if newer else "the backup does not hold it"
            out.append(Difference("missing", account_id, (), f"{name_of(here)}: {why}", newer))
        else:
            out.extend(_account_differences(here, there, methods))
    for account_id, there in theirs.items():
        if account_id not in mine:
            gone_here = local.tombstones.get(account_id, float("-inf"))
            newer = gone_here < there.updated_at
            why = (
                "the backup holds it and this device does not (another device added or restored it)"
                if newer
                else "the backup still holds it though this device deleted it"
            )
            out.append(Difference("extra", account_id, (), f"{name_of(there)}: {why}", newer))
    keys = tuple(
        sorted(k for k in expected.settings.keys() | backup.settings.keys() if _setting_differs(k, expected, backup))
    )
    if keys:
        out.append(Difference("settings", "", keys, f"the account settings differ ({', '.join(keys)})"))
    return out


def live_accounts(data: VaultData) -> dict[str, Account]:
    """Accounts by id, without those a tombstone at least as new removed (the merge rule)."""
    dead = data.tombstones
    return {a.id: a for a in data.accounts if dead.get(a.id, float("-inf")) < a.updated_at}


def name_of(account: Account) -> str:
    """How a reason names an account: its label and id (never its secret)."""
    return f"{account.label} [id {account.id}]"


def _account_differences(here: Account, there: Account, methods: Mapping[str, MethodSpec]) -> list[Difference]:
    method = methods.get(here.type)
    counter_based = method.counter_based if method is not None else here.type == "hotp"
    newer = there.updated_at > here.updated_at
    who = name_of(here)
    out: list[Difference] = []
    if here.secret != there.secret:
        out.append(Difference("secret", here.id, ("secret",), f"{who}: the backup holds a different secret", newer))
    params = tuple(f for f in PARAMETER_FIELDS if getattr(here, f) != getattr(there, f))
    if counter_based:
        params = tuple(f for f in params if f != "period")
    if params:
        reason = f"{who}: different {', '.join(params)} in the backup"
        out.append(Difference("parameters", here.id, params, reason, newer))
    if counter_based and there.counter < here.counter:
        reason = f"{who}: the backup's counter is behind ({there.counter} < {here.counter}): it would offer used codes"
        out.append(Difference("counter", here.id, ("counter",), reason))
    details = tuple(f for f in DETAIL_FIELDS if getattr(here, f) != getattr(there, f))
    if details:
        reason = f"{who}: different {', '.join(details)} in the backup"
        out.append(Difference("details", here.id, details, reason, newer))
    return out


def _setting_differs(key: str, local: VaultData, backup: VaultData) -> bool:
    missing = object()
    return bool(local.settings.get(key, missing) != backup.settings.get(key, missing))
