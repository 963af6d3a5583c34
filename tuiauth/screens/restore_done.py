"""After a restore: what came back, whether this machine backs up to the location
too, and the device-bound accounts that need more verification — each with its method's way to
prove identity, one key away (the re-verification screen). Esc shows the accounts.

A location this vault did not have is written to only when the person says so: the screen asks
(y: back up there too, a sync with the devices that back up there; n: write nothing there).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.backup.state import LocationStatus
from ..core.restore import accounts_needing_verification
from ..core.restore.service import RestoreReport
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ..app import TuiauthApp


def backup_line(report: RestoreReport) -> str:
    status = report.backup
    if report.offer is not None:
        return report.offer.question + " (y / n)"
    if status is None:
        return f"Backup to {report.location} stays as it was configured."
    if status.last_error is None:
        return f"Backup is on again for {report.location}: generation {status.generation} made and verified."
    return f"Backup is on for {report.location}, but the first backup failed: {status.last_error.message}."


class RestoreDoneScreen(Screen[None]):
    DEFAULT_CSS = """
    RestoreDoneScreen #verify-list {
        height: auto;
        max-height: 8;
        margin-top: 1;
    }
    RestoreDoneScreen .done-heading {
        text-style: bold;
        margin-top: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "verify", "Verify", id="restore_verify", tooltip="Verify the selected account on this device"),
        Binding("y", "share", "Back up there too", id="restore_share", tooltip="Sync with its devices through it"),
        Binding(
            "n", "no_share", "Write nothing there", id="restore_no_share", tooltip="This machine never writes there"
        ),
        Binding("escape", "close", "My accounts", id="restore_done_close", tooltip="Show the accounts"),
    ]

    app: TuiauthApp

    def __init__(self, report: RestoreReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        result = self.report.result
        with Vertical(classes="panel"):
            yield Static("Restore done", classes="title")
            yield Static(f"{result.summary[:1].upper()}{result.summary[1:]}.", id="done-summary", markup=False)
            yield Static("Their order, groups and favourites are back.", classes="hint")
            yield Static(backup_line(self.report), id="done-backup", markup=False)
            for warning in self.report.warnings:
                if warning.kind != "rollback":
                    yield Static(f"⚠ {warning.text}.", classes="error", markup=False)
            yield Static("Needs more verification", classes="done-heading", id="verify-heading")
            yield Static(
                "These accounts' keys belong to the old device and never travel in a backup: they show no "
                "code and approve nothing until verified here. Enter or v verifies the selected one.",
                id="verify-help",
                classes="hint",
            )
            yield OptionList(id="verify-list", markup=False)
            for note in result.notes:
                yield Static(f"Note: {note[:1].upper()}{note[1:]}.", classes="hint", markup=False)
            yield Static("Esc: show my accounts.", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_pending()

    def on_screen_resume(self) -> None:
        self.show_pending()

    def show_pending(self) -> None:
        """The accounts still needing verification (one goes once it is verified)."""
        vault = self.app.services.vault
        pending = accounts_needing_verification(vault.data, self.app.methods) if vault is not None else []
        listing = self.query_one("#verify-list", OptionList)
        listing.clear_options()
        for account in pending:
            method = self.app.methods[account.type]
            ways = " or ".join(f.label.lower() for f in method.reverify) or "enroll it again with its provider"
            listing.add_option(Option(f"? {account.label} ({method.label})\n    {ways}", id=account.id))
        for widget in ("#verify-heading", "#verify-help", "#verify-list"):
            self.query_one(widget).display = bool(pending)
        self.refresh_bindings()  # v is offered only while an account needs verification
        if pending:
            listing.highlighted = 0
            listing.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("share", "no_share"):
            return self.report.offer is not None
        if action == "verify":
            found = self.query("#verify-list")
            return bool(found) and found.first(OptionList).option_count > 0
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_verify()

    def action_verify(self) -> None:
        from .restore_reverify import ReverifyScreen

        listing = self.query_one("#verify-list", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return
        account_id = listing.get_option_at_index(listing.highlighted).id
        if account_id is not None:
            self.app.push_screen(ReverifyScreen(account_id))

    def action_share(self) -> None:
        from ..controllers.restore_flow import vault_job

        offer, vault = self.report.offer, self.app.services.vault
        if offer is None or vault is None:
            return
        line = self.query_one("#done-backup", Static)
        line.update(f"Backing up to {offer.location.name}…")

        def shared(status: LocationStatus) -> None:
            self.report = replace(self.report, location=status.name, backup=status, offer=None)
            line.update(backup_line(self.report))
            self.refresh_bindings()
            self.app.backup.refresh()

        def failed(message: str) -> None:
            line.update(f"Backup to {offer.location.name} was not turned on: {message}")

        vault_job(
            self.app, "Backing up there too", lambda: offer.accept(vault, self.app.services.plugins), shared, failed
        )

    def action_no_share(self) -> None:
        if self.report.offer is None:
            return
        name = self.report.offer.location.name
        self.report = replace(self.report, offer=None)
        self.query_one("#done-backup", Static).update(f"Nothing is written to {name} from this machine.")
        self.refresh_bindings()

    def action_close(self) -> None:
        """Back to the accounts, redrawn: a verified account may have a new enrollment."""
        from .accounts import AccountsScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, AccountsScreen):
                screen.reload()
        self.dismiss()
