"""Restore, step 4: the plan, before anything is written — each backup
account to add, already here, in conflict (both sides) or needing verification; what the settings
layer brings (order, groups, favourites); the note on new device keys; and a warning when the backup is older than one
at or seen at the location. Confirming restores (on a new machine: after choosing the new vault's
password); Esc goes back to choose another backup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from ..controllers.restore_flow import RestoreFlow
from ..core.restore.plan import RestorePlan
from ..core.restore.service import PlannedRestore
from ..widgets.key_bar import KeyBar
from ..widgets.restore_plan import RestorePlanList
from ..widgets.restore_progress import RestoreProgress
from .restore_backups import when_text

if TYPE_CHECKING:
    from ..app import TuiauthApp


def summary(plan: RestorePlan) -> str:
    counts = plan.counts
    parts = [f"{counts['add']} to add"]
    if counts["needs_verification"]:
        parts.append(f"{counts['needs_verification']} to verify")
    parts.append(f"{counts['identical']} already here")
    parts.append(f"{counts['conflict']} conflict{'s' if counts['conflict'] != 1 else ''} kept as here")
    return " · ".join(parts)


class RestoreReviewScreen(Screen[None]):
    DEFAULT_CSS = """
    RestoreReviewScreen {
        align-horizontal: left;
    }
    RestoreReviewScreen #review-title {
        padding: 0 1;
        text-style: bold;
        color: $accent;
    }
    RestoreReviewScreen .review-line {
        padding: 0 1;
        height: auto;
    }
    RestoreReviewScreen #review-warning {
        color: $text-warning;
        text-style: bold;
    }
    RestoreReviewScreen RestorePlanList {
        margin: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,enter", "restore", "Restore", id="restore_confirm", priority=True, tooltip="Restore now"),
        Binding("b", "back", "Another backup", id="restore_other_backup", show=False, tooltip="Choose another backup"),
        Binding("escape", "back", "Back", id="restore_review_back", tooltip="Choose another backup"),
    ]

    app: TuiauthApp

    def __init__(self, flow: RestoreFlow, planned: PlannedRestore) -> None:
        super().__init__()
        self.flow = flow
        self.planned = planned

    def compose(self) -> ComposeResult:
        plan, source = self.planned.plan, self.planned.source
        chosen = next((c.info for c in self.flow.choices if c.info.generation == source.generation), None)
        made = f", made {when_text(chosen.time)} on {chosen.device or 'an unknown device'}" if chosen else ""
        where = self.flow.location.name if self.flow.location else "?"
        merge = " · merge: only adds" if plan.mode == "merge" else ""
        yield Static(f"Restore from a backup · 3. Review the plan{merge}", id="review-title")
        yield Static(f"From {where}: generation {source.generation}{made}.", classes="review-line", markup=False)
        warning = "\n".join(
            f"⚠ {p.message[:1].upper()}{p.message[1:]}: {p.advice}. (b: another backup)" for p in source.warnings
        )
        yield Static(warning, id="review-warning", classes="review-line", markup=False)
        suspicious = "\n".join(f"⚠ Suspicious, not taken: {line}." for line in plan.suspicious)
        yield Static(suspicious, id="review-suspicious", classes="review-line", markup=False)
        yield Static(f"{summary(plan)}.", classes="review-line", markup=False)
        yield RestorePlanList(id="plan")
        change = "Nothing here is overwritten or deleted. Enter restores."
        if self.flow.new_machine:
            change += " Next: a password for the vault on this machine."
        yield Static(change, classes="review-line hint")
        yield RestoreProgress()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#review-warning").display = bool(self.planned.source.warnings)
        self.query_one("#review-suspicious").display = bool(self.planned.plan.suspicious)
        plan_list = self.query_one(RestorePlanList)
        plan_list.show(self.planned.plan)
        plan_list.focus()

    def action_restore(self) -> None:
        if self.flow.busy or self.query_one(RestoreProgress).running:
            return
        if self.flow.new_machine:
            from .restore_vault import RestoreVaultScreen

            self.app.push_screen(RestoreVaultScreen(self.flow, self.planned))
            return
        self.flow.apply(self)

    def action_back(self) -> None:
        self.flow.cancel(self)
        self.dismiss()
