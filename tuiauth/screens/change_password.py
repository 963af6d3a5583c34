"""Change the vault password: typed twice, the key derived in a worker. Offered at once after the
vault was opened with the recovery key (a forgotten password), and from ``ctrl+p`` any time."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static

from ..core import crypto
from ..widgets.key_bar import KeyBar
from ..widgets.password_strength import MIN_LENGTH, StrengthHint

if TYPE_CHECKING:
    from ..app import TuiauthApp

AFTER_RECOVERY = (
    "You opened the vault with the recovery key. Set a new password now, so you can unlock with it "
    "next time (Esc: later — P or ctrl+p → Change password)."
)


class ChangePasswordScreen(Screen[bool]):
    """Dismissed with True once the new password is saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_change_password"),
    ]

    app: TuiauthApp

    def __init__(self, *, after_recovery: bool = False) -> None:
        super().__init__()
        self.after_recovery = after_recovery

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Change the vault password", classes="title")
            if self.after_recovery:
                yield Static(AFTER_RECOVERY, markup=False)
            yield Static(f"The new password: at least {MIN_LENGTH} characters. The recovery key stays the same.")
            yield Input(password=True, placeholder="New password", id="password")
            yield StrengthHint(id="strength")
            yield Input(password=True, placeholder="The same password again", id="again")
            yield Static(id="error", classes="error", markup=False)
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="progress")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one(StrengthHint).show("")
        self.query_one("#password", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "password":
            self.query_one(StrengthHint).show(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "password":
            self.set_focus(self.query_one("#again", Input))
            return
        password = self.query_one("#password", Input).value
        if len(password) < MIN_LENGTH:
            self._error(f"At least {MIN_LENGTH} characters.", "#password")
        elif event.value != password:
            self._error("The two passwords differ: type the same password twice.", "#again")
        else:
            for field in self.query(Input):
                field.disabled = True
            self.query_one("#progress").display = True
            self.query_one("#error", Static).update("Measuring this machine's speed…")
            self._change(password)

    def _error(self, text: str, focus: str) -> None:
        self.query_one("#error", Static).update(text)
        field = self.query_one(focus, Input)
        field.value = ""
        field.focus()

    def _change(self, password: str) -> None:
        services = self.app.services
        vault = services.vault
        if vault is None:
            self._failed("the vault is locked")
            return

        def job() -> None:
            estimate = crypto.estimate_kdf(services.kdf, clock=services.kdf_clock)
            self.app.call_from_thread(self._deriving, estimate.wording())
            vault.change_password(password, kdf=estimate.params)

        self.app.jobs.run(
            self,
            "Changing the password",
            job,
            lambda _: self._done(),
            lambda error: self._failed(error.message),
            group="change-password",
            exclusive=True,
            writes_vault=True,
        )

    def _deriving(self, how_long: str) -> None:
        self.query_one("#error", Static).update(f"Deriving the new key: {how_long} on this machine…")

    def _failed(self, message: str) -> None:
        self.query_one("#progress").display = False
        for field in self.query(Input):
            field.disabled = False
        self._error(message[:1].upper() + message[1:], "#password")

    def _done(self) -> None:
        self.app.notify("The vault password was changed; the recovery key is unchanged.", title="Password changed")
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
