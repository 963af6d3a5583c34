"""The restore planner: a pure function, no I/O.

For each account of the backup, in the backup's order, exactly one action:

- ``identical`` — the local vault already has an account with the same credentials (same secret and
  OTP parameters; for a device-bound method: the same identity and method). Skipped; the local
  account is left untouched (an HOTP counter is never moved, let alone backwards).
- ``conflict`` — the same identity (issuer + name, case-insensitive) with a different secret or
  parameters. Skipped; both versions are listed side by side, secrets by name only.
- ``needs_verification`` — a device-bound method: added as an identity without a usable credential.
- ``add`` — everything else: appended with its fields as backed up (an HOTP account keeps the
  backup's counter), under its own id unless that id is taken here (or deleted here: a tombstone).

Strict mode (the default) refuses while the local vault holds any account; the actions are still
computed so the refusal can show what a merge would do. Nothing is ever overwritten or deleted.

What looks planted is listed in ``RestorePlan.suspicious`` before anything applies: an id this vault
holds arriving with another secret (it is added under a new id: ids are never taken over), a date in
the future (the account is added dated now, so it cannot win every later sync), a deletion marker
dated in the future or one for an account this vault holds (neither is applied).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace

import orjson

from .. import crypto
from ..accounts import Account, new_id
from ..backup.sync import SKEW
from ..specs import MethodSpec
from ..vaultdata import VaultData, account_row
from ..verification import is_device_bound
from .plan import AccountAction, AccountSummary, ActionKind, Mode, Refusal, RestorePlan, SettingsLayer
from .settings_layer import merge_settings

CREDENTIAL_FIELDS = ("secret", "type", "algorithm", "digits", "period")


def identity(account: Account) -> tuple[str, str]:
    return account.issuer.strip().casefold(), account.name.strip().casefold()


def fingerprint(data: VaultData) -> str:
    """A digest of what a restore reads and changes: accounts, tombstones, settings."""
    body = orjson.dumps(
        [[account_row(a) for a in data.accounts], data.tombstones, data.settings],
        option=orjson.OPT_SORT_KEYS,
    )
    return crypto.sha256(body).hex()


def differences(local: Account, backup: Account, counter_based: bool) -> tuple[str, ...]:
    names = [n for n in CREDENTIAL_FIELDS if not (n == "period" and counter_based)]
    return tuple(n for n in names if getattr(local, n) != getattr(backup, n))


def _refusal(count: int) -> Refusal:
    return Refusal(
        reason=f"the vault already holds {count} account{'s' if count != 1 else ''}, and a restore never "
        "overwrites or deletes one",
        way_out="remove them first, or merge (tuiauth restore --merge), which only adds what is missing",
    )


def _notes(plan_actions: list[AccountAction]) -> tuple[str, ...]:
    notes: list[str] = []
    bound = sum(1 for a in plan_actions if a.kind == "needs_verification")
    if bound:
        notes.append(
            f"{bound} device-bound account{'s' if bound != 1 else ''} come back without device keys: "
            "they show no code and approve nothing until verified again on this device, and then get new "
            "device keys, so their codes and approvals differ from the old device's"
        )
    conflicts = sum(1 for a in plan_actions if a.kind == "conflict")
    if conflicts:
        notes.append(
            f"{conflicts} conflict{'s' if conflicts != 1 else ''}: the local account is kept and the "
            "backup's version is not added"
        )
    return tuple(notes)


def plan_restore(
    local: VaultData,
    backup: VaultData,
    methods: Mapping[str, MethodSpec],
    mode: Mode = "strict",
    *,
    now: float | None = None,
) -> RestorePlan:
    now = time.time() if now is None else now
    suspicious: list[str] = []
    by_identity: dict[tuple[str, str], list[Account]] = {}
    by_secret: dict[bytes, list[Account]] = {}
    for account in local.accounts:
        by_identity.setdefault(identity(account), []).append(account)
        by_secret.setdefault(account.secret, []).append(account)
    # A tombstoned id is taken too: a backup merge would let the tombstone remove the re-added account.
    used_ids = {a.id for a in local.accounts} | set(local.tombstones)
    local_by_id = {a.id: a for a in local.accounts}
    actions: list[AccountAction] = []
    for b in backup.accounts:
        summary = AccountSummary.of(b, methods)
        held = local_by_id.get(b.id)
        if held is not None and (held.secret != b.secret or held.type != b.type):
            suspicious.append(
                f"{summary.label}: uses the id of {held.label} here with another secret (never taken over)"
            )
        if b.updated_at > now + SKEW:
            suspicious.append(f"{summary.label}: dated in the future (added dated now)")
            b = replace(b, updated_at=now)
        same_identity = by_identity.get(identity(b), [])
        method = methods.get(b.type)
        counter_based = method is not None and method.counter_based
        if is_device_bound(b, methods):
            twin = next((a for a in same_identity if a.type == b.type), None)
        else:
            twin = next(
                (a for a in by_secret.get(b.secret, []) if a.same_credentials(b, counter_based=counter_based)), None
            )
        if twin is not None:
            note = "" if identity(twin) == identity(b) else f"already here as {twin.label}"
            actions.append(
                AccountAction(kind="identical", backup=summary, local=AccountSummary.of(twin, methods), message=note)
            )
            continue
        if same_identity:
            other = same_identity[0]
            actions.append(
                AccountAction(
                    kind="conflict",
                    backup=summary,
                    local=AccountSummary.of(other, methods),
                    differences=differences(other, b, counter_based) or ("type",),
                    message="kept the local account; the backup's version is not added",
                )
            )
            continue
        account_id = b.id if b.id not in used_ids else new_id()
        used_ids.add(account_id)
        added = replace(b, id=account_id, groups=list(b.groups), extra=dict(b.extra))
        kind: ActionKind
        if is_device_bound(b, methods):
            kind, message = "needs_verification", "added without device keys: verify it again on this device"
        elif method is None:
            kind, message = "add", f"no installed method {b.type!r}: it shows no code until one is installed"
        elif not b.secret:
            kind, message = "add", "it came without its secret (its method was missing where the backup was made)"
        else:
            kind, message = "add", ""
        shown = summary if account_id == b.id else replace(summary, id=account_id)
        actions.append(AccountAction(kind=kind, backup=shown, account=added, message=message))
    return RestorePlan(
        mode=mode,
        actions=tuple(actions),
        settings=_settings_layer(local, backup, actions, now, suspicious),
        local_accounts=tuple(AccountSummary.of(a, methods) for a in local.accounts),
        refused=_refusal(len(local.accounts)) if mode == "strict" and local.accounts else None,
        notes=_notes(actions),
        fingerprint=fingerprint(local),
        suspicious=tuple(suspicious),
    )


def _settings_layer(
    local: VaultData, backup: VaultData, actions: list[AccountAction], now: float, suspicious: list[str]
) -> SettingsLayer:
    added = [a.account for a in actions if a.account is not None]
    known_groups = {g for a in local.accounts for g in a.groups}
    known_groups.update(str(g) for g in local.settings.get("groups", []) if isinstance(g, str))
    groups_added: list[str] = []
    for account in added:
        for group in account.groups:
            if group not in known_groups and group not in groups_added:
                groups_added.append(group)
    settings, settings_added = merge_settings(local.settings, backup.settings)
    live = {a.id for a in local.accounts} | {a.id for a in added}
    here = {a.id: a for a in local.accounts}
    tombstones: dict[str, float] = {}
    for account_id, when in backup.tombstones.items():
        if when > now + SKEW:
            suspicious.append(f"a deletion marker dated in the future (account id {account_id}): not applied")
        elif account_id in here and when >= here[account_id].updated_at:
            suspicious.append(f"a deletion marker for {here[account_id].label}, which this vault holds: not applied")
        elif account_id not in live and when > local.tombstones.get(account_id, float("-inf")):
            tombstones[account_id] = when
    return SettingsLayer(
        order=tuple([a.id for a in local.accounts] + [a.id for a in added]),
        groups_added=tuple(groups_added),
        favourites_added=tuple(a.label for a in added if a.favourite),
        settings=settings,
        settings_added=tuple(settings_added),
        tombstones=tombstones,
    )
