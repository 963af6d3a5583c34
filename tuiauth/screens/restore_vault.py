"""Restore on a new machine, last step: the vault that will hold the restored accounts.

Nothing was written on this machine until here. The person chooses the vault's password (twice, with
a strength hint); then, in one worker, the vault is created and the reviewed plan applied to it, and
backup is turned on again for the location. The new vault's recovery key is shown once, whatever
happened to the restore, and must be confirmed before the accounts appear.

With no plan (``planned=None``: the backup was deleted) it only creates the vault and then opens
the add-account form, so the accounts can be added again by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from ..controllers.restore_flow import RestoreFlow
from ..core.errors import TuiauthError
from ..core.restore.problems import RestoreProblem, RestoreProblemError
from ..core.restore.service import PlannedRestore, RestoreReport
from ..core.vault import Vault
from ..widgets.key_bar import KeyBar
from ..widgets.password_strength import MIN_LENGTH, StrengthHint, password_problem
from ..widgets.restore_progress import RestoreProgress
from .recovery_key import RecoveryKeyScreen

if TYPE_CHECKING:
    from ..app import TuiauthApp

Outcome = tuple[Vault, str, RestoreReport | RestoreProblem | None]


class RestoreVaultScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Create and restore", id="restore_create", priority=True),
        Binding("escape", "back", "Back", id="restore_vault_back", tooltip="Back to the plan; nothing was written"),
    ]

    app: TuiauthApp

    def __init__(self, flow: RestoreFlow, planned: PlannedRestore | None) -> None:
        super().__init__()
        self.flow = flow
        self.planned = planned

    def compose(self) -> ComposeResult:
        restoring = self.planned is not None
        with Vertical(classes="panel"):
            yield Static(
                "Restore from a backup · 4. A password for this vault" if restoring else "Create a vault",
                classes="title",
            )
            yield Static(
                "The restored accounts are kept in an encrypted vault on this machine. Choose its password "
                f"(at least {MIN_LENGTH} characters): you type it to unlock tuiauth. It is not the recovery secret."
                + ("" if restoring else " Then add your accounts again, one by one."),
            )
            yield Input(password=True, placeholder="Password", id="password")
            yield StrengthHint(id="strength")
            yield Input(password=True, placeholder="The same password again", id="again")
            yield Static(id="error", classes="error", markup=False)
        yield RestoreProgress()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(StrengthHint).show("")
        self.query_one("#password", Input).focus()

    _refused = False

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "password":
            self.query_one(StrengthHint).show(event.value)
        if self._refused:  # the reason given goes (or changes) as the fields are corrected
            password, again = (self.query_one(f"#{i}", Input).value for i in ("password", "again"))
            self._error(password_problem(password, again)[0])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "password":
            self.set_focus(self.query_one("#again", Input))
        else:
            self.action_create()

    def _error(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

    def action_create(self) -> None:
        progress = self.query_one(RestoreProgress)
        if progress.running:
            return
        password = self.query_one("#password", Input).value
        reason, to_fix = password_problem(password, self.query_one("#again", Input).value)
        self._refused = bool(reason)
        if reason:
            self._error(reason)
            self.query_one(to_fix, Input).focus()
            return
        self._error("")
        label = "Creating the vault" + (", restoring and turning backup on again" if self.planned else "")
        progress.start(label)
        for field in self.query(Input):
            field.disabled = True
        self._work(password)

    def _work(self, password: str) -> None:
        services, planned, service = self.app.services, self.planned, self.flow.service

        def job() -> Outcome:
            vault, key_text = Vault.create(
                services.paths.vault_file, password, kdf=services.kdf, device_name=services.config.device_name or None
            )
            if planned is None or service is None:
                return vault, key_text, None
            try:
                return vault, key_text, service.apply(vault, planned)
            except RestoreProblemError as exc:
                return vault, key_text, exc.problem
            except TuiauthError as exc:
                return vault, key_text, RestoreProblem(kind="server", message=exc.message, advice="", action="retry")

        failed = lambda error: self._failed(error.message)  # noqa: E731
        self.app.jobs.run(self, "Creating the vault", job, self._created, failed, group="restore")

    def _failed(self, message: str) -> None:
        self.query_one(RestoreProgress).stop()
        for field in self.query(Input):
            field.disabled = False
        self._error(message[:1].upper() + message[1:] + ".")

    def _created(self, outcome: Outcome) -> None:
        vault, key_text, result = outcome
        self.query_one(RestoreProgress).stop()

        def confirmed(_: bool | None) -> None:
            from .restore_done import RestoreDoneScreen

            self.flow.close()
            self.app.vault_opened(vault)
            if isinstance(result, RestoreReport):
                self.app.push_screen(RestoreDoneScreen(result))
            elif isinstance(result, RestoreProblem):
                self.app.notify(
                    f"The vault was created, but nothing was restored: {result.text}. Press R to restore again.",
                    title="Restore",
                    severity="error",
                    timeout=15,
                )
            else:
                self.app.call_after_refresh(self._add_by_hand)

        self.app.push_screen(RecoveryKeyScreen(key_text), confirmed)

    def _add_by_hand(self) -> None:
        from .accounts import AccountsScreen

        if isinstance(self.app.screen, AccountsScreen):
            self.app.screen.action_add()

    def action_back(self) -> None:
        if not self.query_one(RestoreProgress).running:
            self.dismiss()
