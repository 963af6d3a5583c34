"""The restore plan as a list (PRODUCT R3, DESIGN "Restore planner"): one entry per backup account —
add, already here, conflict (both sides, side by side) or needs verification — never a secret.

An ``OptionList`` draws only the lines on screen, so a plan of thousands of accounts scrolls at once.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..core.restore.plan import AccountAction, AccountSummary, RestorePlan
from ..core.restore.render import parameters

#: Mark, word and style of each kind (the words carry the meaning without colour: NO_COLOR).
KINDS = {
    "add": ("+", "add", "bold green"),
    "identical": ("=", "same", "dim"),
    "conflict": ("!", "conflict", "bold yellow"),
    "needs_verification": ("?", "verify", "bold cyan"),
}
SIDE = 31


def _extras(account: AccountSummary) -> str:
    parts = ["★"] if account.favourite else []
    if account.groups:
        parts.append(", ".join(account.groups))
    return f"  ({' · '.join(parts)})" if parts else ""


def action_prompt(action: AccountAction) -> Text:
    """One entry: the mark and kind, the account, then what happens (a conflict shows both sides)."""
    mark, word, style = KINDS[action.kind]
    account = action.backup
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{mark} {word:<8} ", style=style)
    text.append(account.label, style="bold")
    text.append(_extras(account), style="dim")
    if action.kind == "identical":
        text.append("\n             already here: skipped", style="dim")
    elif action.kind == "conflict" and action.local is not None:
        text.append(f"\n             kept as it is here; differs: {', '.join(action.differences)}")
        text.append(f"\n             here   {parameters(action.local):<{SIDE}}", style="dim")
        text.append(f"│ backup {parameters(account)}")
    elif action.kind == "needs_verification":
        text.append("\n             added; needs more verification here (no code until then)")
    else:
        text.append(f"\n             {parameters(account)}", style="dim")
    return text


class RestorePlanList(OptionList):
    """The plan's accounts; ``show(plan)`` fills it."""

    DEFAULT_CSS = """
    RestorePlanList {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    def show(self, plan: RestorePlan) -> None:
        self.clear_options()
        self.add_options(Option(action_prompt(a), id=f"action-{i}") for i, a in enumerate(plan.actions))
        if plan.actions:
            self.highlighted = 0
