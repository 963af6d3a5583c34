"""Unlock: the password (or the recovery key), the key derived in a worker with visible progress,
and a plain message for each way it can fail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static

from ..core import sealed
from ..core.errors import (
    CorruptFileError,
    SecretError,
    TamperedFileError,
    TuiauthError,
    WrongPasswordError,
)
from ..core.unlock_estimate import unlock_estimate
from ..core.vault import Vault
from ..core.vaultfile import read_capped
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ..app import TuiauthApp


def shown_path(path: Path) -> str:
    """``path`` with the home folder written ``~`` (shorter, and the same on every machine)."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def explain(error: TuiauthError, *, recovery: bool) -> str:
    """What happened and what to do, for each way opening the vault fails."""
    if isinstance(error, WrongPasswordError):
        if recovery:
            return "That recovery key does not open this vault. Check each group of four characters."
        return "Wrong password. Try again, or press ctrl+r to use your recovery key instead."
    if isinstance(error, CorruptFileError):
        return f"{error.message[:1].upper()}{error.message[1:]}."
    if isinstance(error, TamperedFileError):
        return f"The vault file was changed outside tuiauth and cannot be trusted: {error.message}."
    return error.message


class UnlockScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "toggle_recovery", "Use recovery key", id="use_recovery_key"),
        Binding("ctrl+o", "previous_copy", "Open a previous copy", id="open_previous_copy"),
        Binding("ctrl+t", "start_recovery", "Start recovery", id="start_recovery_damaged"),
    ]

    app: TuiauthApp

    def __init__(self, message: str = "") -> None:
        super().__init__()
        self.message = message
        self.recovery = False
        #: The vault file is damaged: previous copies and recovery are offered instead.
        self.damaged = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Unlock tuiauth", classes="title")
            yield Static(f"Vault: {shown_path(self.app.services.paths.vault_file)}", classes="hint", markup=False)
            yield Static("Password", id="prompt")
            yield Input(password=True, placeholder="Password", id="secret")
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="progress")
            yield Static(self.message, id="message", markup=False)
            yield Static(id="expected", classes="hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#secret", Input).focus()
        try:  # checksum and header only: nothing is derived
            sealed.read_header(read_capped(self.app.services.paths.vault_file))
        except CorruptFileError as exc:
            self._damaged(exc)
        except (OSError, TuiauthError):
            pass  # told when the password is submitted

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("previous_copy", "start_recovery"):
            return self.damaged
        return True

    def _damaged(self, error: CorruptFileError) -> None:
        """Say it once, with what can be done: a previous copy, or recovery from a backup."""
        from ..core.vaultcopies import previous_copies

        self.damaged = True
        self.refresh_bindings()
        usable = [c for c in previous_copies(self.app.services.paths.vault_file) if not c.problem]
        if usable:
            copies = (
                f"{len(usable)} previous cop{'ies are' if len(usable) > 1 else 'y is'} kept beside it "
                f"(the newest saved {usable[0].when}): ctrl+o opens one. "
            )
        else:
            copies = "No intact previous copy is kept beside it. "
        self._say(f"{explain(error, recovery=False)} {copies}ctrl+t starts recovery from a backup.")

    def action_previous_copy(self) -> None:
        from .previous_copies import PreviousCopiesScreen

        self.app.push_screen(PreviousCopiesScreen())

    def action_start_recovery(self) -> None:
        """Set the damaged file aside (kept, never deleted), then recover as on a new machine."""
        from ..core.vaultcopies import set_aside
        from .restore_location import RestoreLocationScreen

        try:
            aside = set_aside(self.app.services.paths.vault_file)
        except TuiauthError as exc:
            self._say(exc.message)
            return
        if aside is not None:
            self.app.notify(f"The damaged vault is kept as {aside.name}.", title="Recovery", markup=False)
        self.app.push_screen(RestoreLocationScreen())

    def action_toggle_recovery(self) -> None:
        self.recovery = not self.recovery
        field = self.query_one("#secret", Input)
        field.value = ""
        field.password = not self.recovery
        field.placeholder = "XXXX-XXXX-… (13 groups)" if self.recovery else "Password"
        prompt = "Recovery key (the one you wrote down when you created the vault)" if self.recovery else "Password"
        self.query_one("#prompt", Static).update(prompt)
        self._say("ctrl+r goes back to the password." if self.recovery else "")
        field.focus()

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self._say("Type the recovery key first." if self.recovery else "Type your password first.")
            return
        event.input.disabled = True
        self.query_one("#progress").display = True
        self._say("Deriving the key…")
        self._open(event.value, self.recovery)

    def _open(self, secret: str, recovery: bool) -> None:
        path = self.app.services.paths.vault_file
        kdf_clock = self.app.services.kdf_clock

        def waiting(message: str) -> None:
            self.app.call_from_thread(self._say, message[:1].upper() + message[1:])

        def job() -> Vault:
            estimate = None if recovery else unlock_estimate(path, kdf_clock)
            if estimate is not None:
                text = f"Each try derives the key: {estimate.wording()} on this machine."
                self.app.call_from_thread(self.query_one("#expected", Static).update, text)
            if recovery:
                return Vault.open(path, recovery_key=secret, write=True, on_wait=waiting)
            return Vault.open(path, password=secret, write=True, on_wait=waiting)

        def failed(error: TuiauthError) -> None:
            if isinstance(error, SecretError):
                self._failed(error.message)
            else:
                self._failed(explain(error, recovery=recovery), error)

        self.app.jobs.run(
            self, "Unlocking", job, lambda vault: self._opened(vault, recovery), failed, group="unlock", exclusive=True
        )

    def _failed(self, message: str, error: TuiauthError | None = None) -> None:
        self.query_one("#progress").display = False
        field = self.query_one("#secret", Input)
        field.disabled = False
        field.value = ""
        field.focus()
        if isinstance(error, CorruptFileError):
            self._damaged(error)
        else:
            self._say(message)

    def _opened(self, vault: Vault, recovery: bool) -> None:
        self.app.vault_opened(vault)
        if recovery:  # a forgotten password: offer the new one at once
            self.app.action_change_password(after_recovery=True)
