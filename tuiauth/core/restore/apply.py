"""Applying a restore plan to an open, writable vault: appends only, then one save.

The plan is checked against the vault's current contents first (``PlanOutdatedError`` if anything a
restore reads changed since planning), so a plan reviewed on screen is exactly what is applied. If
the save fails, the in-memory vault is put back as it was: nothing half-applied stays behind.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .errors import PlanOutdatedError, RestoreRefusedError
from .plan import AccountSummary, RestorePlan
from .planner import fingerprint

if TYPE_CHECKING:
    from ..vault import Vault


@dataclass(frozen=True, kw_only=True)
class RestoreResult:
    added: tuple[AccountSummary, ...]
    #: Added as identity only: they show no code until verified again.
    needs_verification: tuple[AccountSummary, ...]
    identical: int
    conflicts: int
    notes: tuple[str, ...]

    @property
    def summary(self) -> str:
        parts = [f"restored {len(self.added) + len(self.needs_verification)} accounts"]
        if self.needs_verification:
            parts.append(f"{len(self.needs_verification)} need more verification")
        if self.identical:
            parts.append(f"{self.identical} already here")
        if self.conflicts:
            parts.append(f"{self.conflicts} conflicts kept local")
        return ", ".join(parts)


def apply_plan(vault: Vault, plan: RestorePlan) -> RestoreResult:
    if plan.refused is not None:
        raise RestoreRefusedError(f"nothing was restored: {plan.refused.message}")
    if fingerprint(vault.data) != plan.fingerprint:
        raise PlanOutdatedError("the vault changed since this restore was planned; nothing was restored — plan again")
    data = vault.data
    before = (list(data.accounts), dict(data.tombstones), copy.deepcopy(data.settings))
    if plan.changes_anything:
        # ``replace`` builds each account anew, through the model's cleaning of its text.
        data.accounts.extend(replace(copy.deepcopy(a.account)) for a in plan.to_add if a.account is not None)
        data.tombstones.update(plan.settings.tombstones)
        data.settings = copy.deepcopy(dict(plan.settings.settings))
        try:
            vault.save()
        except BaseException:
            data.accounts, data.tombstones, data.settings = before
            raise
    return RestoreResult(
        added=tuple(a.backup for a in plan.of_kind("add")),
        needs_verification=tuple(a.backup for a in plan.of_kind("needs_verification")),
        identical=len(plan.of_kind("identical")),
        conflicts=len(plan.of_kind("conflict")),
        notes=plan.notes,
    )
