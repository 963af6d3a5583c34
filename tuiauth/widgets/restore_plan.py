"""The restore plan as a list (``tuiauth.core.restore.planner``): one entry per backup account —
add, already here, conflict (both sides, side by side) or needs verification — never a secret.

An ``OptionList`` draws only the lines on screen, so a plan of thousands of accounts scrolls at once.
What the settings layer brings and the plan's notes close the list.
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
SIDE = 29
INDENT = "\n    "


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
        text.append(f"{INDENT}already here: skipped", style="dim")
    elif action.kind == "conflict" and action.local is not None:
        text.append(f"{INDENT}kept as it is here; differs: {', '.join(action.differences)}")
        text.append(f"{INDENT}here: {parameters(action.local):<{SIDE}}", style="dim")
        text.append(f"│ backup: {parameters(account)}")
    elif action.kind == "needs_verification":
        text.append(f"{INDENT}added; needs more verification here (no code until then)")
    else:
        text.append(f"{INDENT}{parameters(account)}", style="dim")
    return text


def settings_text(plan: RestorePlan) -> str:
    layer = plan.settings
    parts = ["order kept (added accounts after those here)" if plan.local_accounts else "order kept"]
    if layer.groups_added:
        parts.append(f"groups {', '.join(layer.groups_added)}")
    if layer.favourites_added:
        parts.append(f"{len(layer.favourites_added)} favourite{'s' if len(layer.favourites_added) != 1 else ''}")
    if layer.settings_added:
        parts.append(f"settings added: {', '.join(layer.settings_added)}")
    return "Settings: " + "; ".join(parts) + "."


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
        closing = [settings_text(plan), *(f"Note: {n[:1].upper()}{n[1:]}." for n in plan.notes)]
        self.add_options(Option(Text(line, style="italic"), disabled=True) for line in closing)
        if plan.actions:
            self.highlighted = 0
