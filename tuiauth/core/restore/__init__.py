"""The restore flow, UI-free: the planner, applying a plan, re-verification, and the service.

For screens and the CLI (each module's docstring has the details):

- ``plan_restore(local, backup, methods, mode)`` → ``RestorePlan`` (pure): one ``AccountAction`` per
  backup account (add / identical / conflict / needs_verification), the ``SettingsLayer`` (order,
  groups, favourites, settings), ``refused`` (strict mode and a non-empty vault: reason and way
  out), ``notes`` (device-bound accounts get new device keys). ``plan.to_json()`` is the
  ``--dry-run --json`` output; ``render.plan_lines`` the text form. Neither ever shows a secret.
- ``apply_plan(vault, plan)`` → ``RestoreResult``: appends, saves once, refuses a refused or stale
  plan.
- ``needs_verification(vault_data, account, methods)`` (derived, never stored) and
  ``Reverification`` (the re-verification state machine a screen drives).
- ``RestoreService`` (``service.py``): list the backups at a location, read one, plan, apply, and
  turn backup on again for that location; every failure is a ``RestoreProblem``.
"""

from ..verification import accounts_needing_verification, needs_verification
from .apply import RestoreResult, apply_plan
from .errors import PlanOutdatedError, RestoreError, RestoreRefusedError
from .plan import AccountAction, AccountSummary, Mode, Refusal, RestorePlan, SettingsLayer
from .planner import plan_restore
from .reverify import Reverification, ReverifyState

__all__ = [
    "AccountAction",
    "AccountSummary",
    "Mode",
    "PlanOutdatedError",
    "Refusal",
    "RestoreError",
    "RestorePlan",
    "RestoreRefusedError",
    "RestoreResult",
    "Reverification",
    "ReverifyState",
    "SettingsLayer",
    "accounts_needing_verification",
    "apply_plan",
    "needs_verification",
    "plan_restore",
]
