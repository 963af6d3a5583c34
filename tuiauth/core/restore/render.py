"""The text form of a plan and of a restore's outcome (the CLI prints it; screens may reuse the
lines). No secret is ever shown: a conflict names the fields that differ, never their values."""

from __future__ import annotations

from .apply import RestoreResult
from .plan import AccountAction, AccountSummary, RestorePlan

MARKS = {"add": "+", "identical": "=", "conflict": "!", "needs_verification": "?"}
TITLES = {
    "add": "add",
    "identical": "already here",
    "conflict": "conflict",
    "needs_verification": "add, needs verification",
}


def parameters(a: AccountSummary) -> str:
    """``totp SHA1 6 digits 30 s`` / ``hotp SHA1 6 digits counter 7``."""
    timing = f"counter {a.counter}" if a.counter_based else f"{a.period} s"
    return f"{a.type} {a.algorithm} {a.digits} digits {timing}"


def action_lines(action: AccountAction) -> list[str]:
    b = action.backup
    extras = [f"groups: {', '.join(b.groups)}"] if b.groups else []
    if b.favourite:
        extras.append("favourite")
    lines = [
        f"  {MARKS[action.kind]} {b.label}  [{TITLES[action.kind]}]" + (f"  ({'; '.join(extras)})" if extras else "")
    ]
    if action.kind == "conflict" and action.local is not None:
        lines.append(f"      here:   {parameters(action.local)}")
        lines.append(f"      backup: {parameters(b)}")
        lines.append(f"      differs: {', '.join(action.differences)}")
    if action.message:
        lines.append(f"      {action.message}")
    return lines


def plan_lines(plan: RestorePlan) -> list[str]:
    counts = plan.counts
    lines = [
        f"Restore plan ({plan.mode}): {counts['add']} to add, {counts['needs_verification']} to add needing "
        f"verification, {counts['identical']} already here, {counts['conflict']} conflicts"
    ]
    for action in plan.actions:
        lines.extend(action_lines(action))
    layer = plan.settings
    if layer.groups_added:
        lines.append(f"Groups added: {', '.join(layer.groups_added)}")
    if layer.favourites_added:
        lines.append(f"Favourites added: {', '.join(layer.favourites_added)}")
    if layer.settings_added:
        lines.append(f"Settings added: {', '.join(layer.settings_added)}")
    lines.extend(f"Note: {note}" for note in plan.notes)
    lines.extend(f"Suspicious: {line}" for line in plan.suspicious)
    if plan.refused is not None:
        lines.append(f"Refused: {plan.refused.reason}.")
        lines.append(f"Already here: {', '.join(a.label for a in plan.local_accounts)}")
        lines.append(f"Way out: {plan.refused.way_out}.")
    return lines


def result_lines(result: RestoreResult) -> list[str]:
    lines = [result.summary[0].upper() + result.summary[1:] + "."]
    if result.needs_verification:
        lines.append("Needs more verification: " + ", ".join(a.label for a in result.needs_verification))
    lines.extend(f"Note: {note}" for note in result.notes)
    return lines
