"""The restore plan: what a restore would do, account by account, before anything is written.

The same plan drives the restore screens, ``tuiauth restore --dry-run --json`` and ``apply_plan``.
``AccountSummary`` is the secret-free view of an account used in every text and JSON form; the
accounts to add (with their secrets) sit in ``AccountAction.account`` and never show in ``repr`` or
``to_json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..accounts import Account
from ..specs.methods import MethodSpec
from ..textsafe import clean_line

Mode = Literal["strict", "merge"]
ActionKind = Literal["add", "identical", "conflict", "needs_verification"]
ACTION_KINDS: tuple[ActionKind, ...] = ("add", "identical", "conflict", "needs_verification")


@dataclass(frozen=True, kw_only=True)
class AccountSummary:
    """An account without its secret."""

    id: str
    issuer: str
    name: str
    label: str
    type: str
    algorithm: str
    digits: int
    period: int
    counter: int
    groups: tuple[str, ...]
    favourite: bool
    #: Whether its method counts uses instead of time (then its counter matters, not its period).
    counter_based: bool = False

    @classmethod
    def of(cls, account: Account, methods: Mapping[str, MethodSpec]) -> AccountSummary:
        method = methods.get(account.type)
        return cls(
            counter_based=method is not None and method.counter_based,
            id=account.id,
            issuer=clean_line(account.issuer),
            name=clean_line(account.name),
            label=clean_line(account.label),
            type=account.type,
            algorithm=account.algorithm,
            digits=account.digits,
            period=account.period,
            counter=account.counter,
            groups=tuple(clean_line(g) for g in account.groups),
            favourite=account.favourite,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "issuer": self.issuer,
            "name": self.name,
            "type": self.type,
            "algorithm": self.algorithm,
            "digits": self.digits,
            "period": self.period,
            "counter": self.counter,
            "groups": list(self.groups),
            "favourite": self.favourite,
        }


@dataclass(frozen=True, kw_only=True)
class AccountAction:
    """What happens to one backup account.

    ``local`` is the local account it was matched with (identical / conflict); ``differences`` names
    the fields that differ in a conflict (``secret`` included by name, never by value); ``account``
    is what ``apply_plan`` appends (add / needs_verification), with its final id.
    """

    kind: ActionKind
    backup: AccountSummary
    local: AccountSummary | None = None
    differences: tuple[str, ...] = ()
    account: Account | None = field(default=None, repr=False, compare=False)
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.kind,
            "backup": self.backup.to_json(),
            "local": self.local.to_json() if self.local else None,
            "differences": list(self.differences),
            "message": self.message,
        }


@dataclass(frozen=True, kw_only=True)
class Refusal:
    """Why the plan cannot be applied, and the way out."""

    reason: str
    way_out: str

    @property
    def message(self) -> str:
        return f"{self.reason}; {self.way_out}"


@dataclass(frozen=True, kw_only=True)
class SettingsLayer:
    """The settings that travel with the accounts.

    ``order`` is the account ids in their final order (local ones first, then the added ones in the
    backup's order). ``settings`` is the merged settings dict; ``settings_added`` names its keys that
    are new or gained values. Local values are never replaced.
    """

    order: tuple[str, ...]
    groups_added: tuple[str, ...]
    favourites_added: tuple[str, ...]
    settings: Mapping[str, Any]
    settings_added: tuple[str, ...]
    tombstones: Mapping[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "order": list(self.order),
            "groups_added": list(self.groups_added),
            "favourites_added": list(self.favourites_added),
            "settings_added": list(self.settings_added),
        }


@dataclass(frozen=True, kw_only=True)
class RestorePlan:
    mode: Mode
    actions: tuple[AccountAction, ...]
    settings: SettingsLayer
    #: What the local vault holds now (shown when strict mode refuses, so the person sees what is there).
    local_accounts: tuple[AccountSummary, ...]
    refused: Refusal | None = None
    #: Things the person must know (device-bound accounts get new device keys).
    notes: tuple[str, ...] = ()
    #: A digest of the local vault's contents when planned; ``apply_plan`` refuses if it changed.
    fingerprint: str = field(default="", repr=False)
    #: What looks planted in the backup and is not taken (``planner.py``), one line each.
    suspicious: tuple[str, ...] = ()

    def of_kind(self, kind: ActionKind) -> list[AccountAction]:
        return [a for a in self.actions if a.kind == kind]

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(self.of_kind(kind)) for kind in ACTION_KINDS}

    @property
    def to_add(self) -> list[AccountAction]:
        """The actions that append an account (add and needs_verification)."""
        return [a for a in self.actions if a.account is not None]

    @property
    def changes_anything(self) -> bool:
        return self.refused is None and bool(self.to_add or self.settings.settings_added or self.settings.tombstones)

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "refused": {"reason": self.refused.reason, "way_out": self.refused.way_out} if self.refused else None,
            "summary": self.counts,
            "accounts": [a.to_json() for a in self.actions],
            "settings": self.settings.to_json(),
            "local_accounts": [a.to_json() for a in self.local_accounts],
            "notes": list(self.notes),
            "suspicious": list(self.suspicious),
        }
