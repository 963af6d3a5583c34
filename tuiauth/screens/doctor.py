"""The vault doctor (key D, or "Vault doctor" in the palette): the findings of ``tuiauth/core/doctor.py``,
each with what to do about it.

Nothing here changes the vault. Enter goes to the highlighted account on the accounts screen, where
its usual keys act on it; e opens its edit form, which saves only when the person saves it. t cycles
the app to check against (the export formats a phone scans), whose exporter says what it leaves out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core import doctor
from ..core.accounts import Account
from ..core.errors import TuiauthError
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ..app import TuiauthApp

#: How each kind is named in the list.
KIND_NAMES = {
    "duplicate_secret": "same secret",
    "short_secret": "short secret",
    "target_cannot_carry": "cannot move",
    "no_issuer": "no issuer",
    "needs_verification": "not verified",
}


class DoctorScreen(Screen[None]):
    DEFAULT_CSS = """
    DoctorScreen #doctor-list { height: 1fr; max-height: 10; }
    DoctorScreen #doctor-advice { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "go_to_account", "Go to account", id="doctor_go", tooltip="Select it on the accounts screen"),
        Binding("e", "edit_account", "Edit", id="doctor_edit", tooltip="Open the account's edit form"),
        Binding("t", "next_target", "Target app", id="doctor_target", tooltip="Check what an export would leave out"),
        Binding("escape,q", "close", "Close", id="close_doctor", tooltip="Back to the accounts"),
    ]

    app: TuiauthApp

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[doctor.Finding] = []
        #: None, then each export format a phone scans, in turn (t).
        self.target: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Vault doctor", classes="title")
            yield Static(
                "Nothing changes here: Enter goes to the account, e opens its edit form, "
                "t checks what another app cannot carry.",
                classes="hint",
            )
            yield Static(id="doctor-summary", markup=False)
            yield OptionList(id="doctor-list", markup=False)
            yield Static(id="doctor-advice", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.check()

    def check(self) -> None:
        """Examine the vault in a worker (a target's exporter draws QR codes to measure them)."""
        vault = self.app.services.vault
        if vault is None:
            return
        methods = self.app.methods
        targets = doctor.check_targets(self.app.services.plugins.exporters())
        target = targets.get(self.target) if self.target else None
        self.query_one("#doctor-summary", Static).update("Checking the vault…")
        self.app.jobs.run(
            self,
            "Checking the vault",
            lambda: doctor.examine(vault.data, methods, target),
            self.show_findings,
            self._failed,
            group="doctor",
            exclusive=True,
            writes_vault=True,  # holds the vault lock: no save changes the accounts while they are read
        )

    def _failed(self, error: TuiauthError) -> None:
        self.query_one("#doctor-summary", Static).update(f"The check failed: {error.message}")

    def show_findings(self, findings: list[doctor.Finding]) -> None:
        self.findings = findings
        summary = f"{len(findings)} finding(s)." if findings else "No findings."
        against = f" Checked against {self.target}." if self.target else ""
        self.query_one("#doctor-summary", Static).update(summary + against)
        listing = self.query_one("#doctor-list", OptionList)
        listing.clear_options()
        for f in findings:
            listing.add_option(Option(f"{KIND_NAMES.get(f.kind, f.kind)}: {f.label}"))
        if findings:
            listing.highlighted = 0
            listing.focus()
        self.show_advice()
        self.refresh_bindings()

    def _current(self) -> doctor.Finding | None:
        index = self.query_one("#doctor-list", OptionList).highlighted
        return self.findings[index] if index is not None and index < len(self.findings) else None

    def show_advice(self) -> None:
        finding = self._current()
        advice = self.query_one("#doctor-advice", Static)
        advice.update(Text(finding.advice) if finding is not None else Text("Nothing in the vault needs a look."))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_advice()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_go_to_account()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("go_to_account", "edit_account"):
            return self._account() is not None
        return True

    def _account(self) -> Account | None:
        finding, vault = self._current(), self.app.services.vault
        return vault.data.find_by_id(finding.account_id) if finding is not None and vault is not None else None

    def action_go_to_account(self) -> None:
        from .accounts import AccountsScreen

        account = self._account()
        if account is None:
            return
        self.dismiss()
        for screen in self.app.screen_stack:
            if isinstance(screen, AccountsScreen):
                screen.reload(keep=account.id)

    def action_edit_account(self) -> None:
        from .account_form import AccountFormScreen

        account = self._account()
        if account is not None:
            self.app.push_screen(AccountFormScreen(account), self._edited)

    def _edited(self, account: Account | None) -> None:
        from .accounts import AccountsScreen

        if account is None:
            return
        self.app.timer.forget(account.id)
        for screen in self.app.screen_stack:
            if isinstance(screen, AccountsScreen):
                screen.reload(keep=account.id)
        self.check()

    def action_next_target(self) -> None:
        names: list[str | None] = [None, *sorted(doctor.check_targets(self.app.services.plugins.exporters()))]
        position = names.index(self.target) if self.target in names else 0
        self.target = names[(position + 1) % len(names)]
        self.check()

    def action_close(self) -> None:
        self.dismiss()
