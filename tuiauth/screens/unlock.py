"""Unlock: the password (or the recovery key), the key derived in a worker with visible progress,
and a plain message for each way it can fail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static

from ..core.errors import (
    CorruptFileError,
    SecretError,
    TamperedFileError,
    TuiauthError,
    VaultLockedError,
    WrongPasswordError,
)
from ..core.unlock_estimate import unlock_estimate
from ..core.vault import Vault
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
        return f"The vault file is damaged: {error.message}. Previous copies are kept beside it."
    if isinstance(error, TamperedFileError):
        return f"The vault file was changed outside tuiauth and cannot be trusted: {error.message}."
    if isinstance(error, VaultLockedError):
        return f"{error.message}. Close the other tuiauth, then press Enter again."
    return error.message


class UnlockScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "toggle_recovery", "Use recovery key", id="use_recovery_key"),
    ]

    app: TuiauthApp

    def __init__(self, message: str = "") -> None:
        super().__init__()
        self.message = message
        self.recovery = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Unlock tuiauth", classes="title")
            yield Static(f"Vault: {shown_path(self.app.services.paths.vault_file)}", classes="hint")
            yield Static("Password", id="prompt")
            yield Input(password=True, placeholder="Password", id="secret")
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="progress")
            yield Static(self.message, id="message")
            yield Static(id="expected", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#secret", Input).focus()

    def action_toggle_recovery(self) -> None:
        self.recovery = not self.recovery
        field = self.query_one("#secret", Input)
        field.value = ""
        field.password = not self.recovery
        field.placeholder = "XXXX-XXXX-… (13 groups)" if self.recovery else "Password"
        prompt = "Recovery key (from your emergency kit)" if self.recovery else "Password"
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

    @work(thread=True, exclusive=True, group="unlock")
    def _open(self, secret: str, recovery: bool) -> None:
        path = self.app.services.paths.vault_file
        estimate = None if recovery else unlock_estimate(path, self.app.services.kdf_clock)
        if estimate is not None:
            text = f"Each try derives the key: {estimate.wording()} on this machine."
            self.app.call_from_thread(self.query_one("#expected", Static).update, text)
        try:
            if recovery:
                vault = Vault.open(path, recovery_key=secret, write=True)
            else:
                vault = Vault.open(path, password=secret, write=True)
        except SecretError as exc:
            self.app.call_from_thread(self._failed, exc.message)
        except TuiauthError as exc:
            self.app.call_from_thread(self._failed, explain(exc, recovery=recovery))
        else:
            self.app.call_from_thread(self._opened, vault, recovery)

    def _failed(self, message: str) -> None:
        self.query_one("#progress").display = False
        field = self.query_one("#secret", Input)
        field.disabled = False
        field.value = ""
        field.focus()
        self._say(message)

    def _opened(self, vault: Vault, recovery: bool) -> None:
        if recovery:
            self.app.notify(
                "Opened with the recovery key. Set a new password with `tuiauth passwd`.",
                title="Recovery key used",
                timeout=10,
            )
        self.app.vault_opened(vault)
