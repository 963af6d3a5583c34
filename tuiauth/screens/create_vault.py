"""Create a new vault: a password typed twice with a strength hint, the key derived in a worker,
then the recovery key screen, then the accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, ProgressBar, Static

from ..core import crypto
from ..core.vault import Vault
from ..widgets.key_bar import KeyBar
from ..widgets.password_strength import MIN_LENGTH, StrengthHint, password_problem
from .recovery_key import RecoveryKeyScreen

if TYPE_CHECKING:
    from ..app import TuiauthApp


class CreateVaultScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
    ]

    app: TuiauthApp

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Create a new vault", classes="title")
            yield Static(f"Choose a password for the vault: at least {MIN_LENGTH} characters.")
            yield Input(password=True, placeholder="Password", id="password")
            yield StrengthHint(id="strength")
            yield Input(password=True, placeholder="The same password again", id="again")
            yield Static(id="error", classes="error", markup=False)
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="progress")
            yield Button("Create", id="create", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one(StrengthHint).show("")
        self.query_one("#password", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "password":
            self.query_one(StrengthHint).show(event.value)
        if self._refused:  # the reason given goes (or changes) as the fields are corrected
            self._error(self._reason()[0])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "password":
            # At once, not after the keys already queued: a fast typist's next keys go to the second field.
            self.set_focus(self.query_one("#again", Input))
        else:
            self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._submit()

    def action_back(self) -> None:
        self.dismiss()

    def _error(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

    _refused = False

    def _reason(self) -> tuple[str, str]:
        return password_problem(self.query_one("#password", Input).value, self.query_one("#again", Input).value)

    def _submit(self) -> None:
        password = self.query_one("#password", Input).value
        reason, field = self._reason()
        self._refused = bool(reason)
        if reason:
            self._error(reason)
            self.query_one(field, Input).focus()
            return
        self._error("Measuring this machine's speed…")
        self._busy(True)
        self._create(password)

    def _busy(self, busy: bool) -> None:
        self.query_one("#progress").display = busy
        for widget in self.query("Input, Button"):
            widget.disabled = busy

    def _create(self, password: str) -> None:
        services = self.app.services

        def job() -> tuple[Vault, str]:
            estimate = crypto.estimate_kdf(services.kdf, clock=services.kdf_clock)
            self.app.call_from_thread(self._error, f"Deriving the vault key: {estimate.wording()} on this machine…")
            return Vault.create(
                services.paths.vault_file,
                password,
                kdf=estimate.params,
                device_name=services.config.device_name or None,
            )

        self.app.jobs.run(
            self,
            "Creating the vault",
            job,
            lambda made: self._created(*made),
            lambda error: self._failed(error.message),
            group="create",
            exclusive=True,
        )

    def _failed(self, message: str) -> None:
        self._busy(False)
        self._error(message)

    def _created(self, vault: Vault, key_text: str) -> None:
        def confirmed(_: bool | None) -> None:
            self.app.vault_opened(vault)

        self.app.push_screen(RecoveryKeyScreen(key_text), confirmed)
