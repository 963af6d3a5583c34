"""Restore, steps 2 and 3: which backup (the newest by default; older generations listed
with their date, device and account count), and the recovery secret — or the old vault's recovery
key — that opens it. Opening derives the backup key in a worker, then the plan is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..controllers.restore_flow import RestoreFlow
from ..core.restore.problems import RestoreProblem
from ..core.restore.service import BackupChoice
from ..widgets.key_bar import KeyBar
from ..widgets.restore_progress import RestoreProgress
from .restore_location import RESTORE_CSS

if TYPE_CHECKING:
    from ..app import TuiauthApp

SECRET_LABELS = {False: "Recovery secret", True: "Recovery key"}
SECRET_PLACEHOLDERS = {False: "type the recovery secret", True: "type or paste the recovery key"}
SECRET_HINTS = {
    False: "The recovery secret set when backup was turned on (not the vault password). ctrl+k: use the old "
    "vault's recovery key instead.",
    True: "The old vault's recovery key, the one you wrote down when that vault was created (groups of letters "
    "and digits). ctrl+k: use the recovery secret instead.",
}


def when_text(time: str) -> str:
    """``2026-11-24T22:00:10Z`` as ``2026-11-24 22:00 UTC``."""
    if len(time) >= 16 and time[10] == "T":
        return f"{time[:10]} {time[11:16]} UTC"
    return time or "unknown time"


def choice_text(choice: BackupChoice) -> str:
    info = choice.info
    count = "? accounts" if choice.accounts is None else f"{choice.accounts} accounts"
    if not info.valid:
        return f"generation {info.generation}  unusable: {info.problem}"
    newest = "  (newest)" if choice.head else ""
    return f"generation {info.generation}  {when_text(info.time)}  {info.device or 'unknown device'}  {count}{newest}"


class RestoreBackupsScreen(Screen[None]):
    DEFAULT_CSS = (
        RESTORE_CSS
        + """
    RestoreBackupsScreen #backups {
        height: auto;
        max-height: 8;
        margin-top: 1;
    }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "open", "Open", id="restore_open", priority=True, tooltip="Open the backup, plan"),
        Binding("ctrl+k", "switch_key", "Secret/key", id="restore_use_key", priority=True, tooltip="Recovery key"),
        Binding("escape", "back", "Back", id="restore_backups_back", tooltip="Back to the location"),
    ]

    app: TuiauthApp

    def __init__(self, flow: RestoreFlow) -> None:
        super().__init__()
        self.flow = flow
        self.use_key = False

    def compose(self) -> ComposeResult:
        location = self.flow.location
        assert location is not None
        with Vertical(classes="restore-panel"):
            yield Static("Restore from a backup · 2. Which backup, and the recovery secret", classes="title")
            yield Static(
                f"Backups at {location.name}, newest first (account counts show once one is opened):",
                classes="hint",
                markup=False,
            )
            yield OptionList(id="backups", markup=False)
            with Horizontal(classes="restore-row"):
                yield Label(SECRET_LABELS[False], id="secret-label")
                yield Input(password=True, placeholder=SECRET_PLACEHOLDERS[False], id="secret", compact=True)
            yield Static(SECRET_HINTS[False], id="secret-hint", classes="hint")
        yield Static(id="restore-message", classes="restore-message", markup=False)
        yield RestoreProgress()
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_choices()
        self.query_one("#secret", Input).focus()

    def show_choices(self) -> None:
        """The backups; the one highlighted stays (the newest at first)."""
        backups = self.query_one("#backups", OptionList)
        keep = backups.highlighted
        backups.clear_options()
        backups.add_options(
            Option(choice_text(c), id=f"gen-{i}", disabled=not c.info.valid) for i, c in enumerate(self.flow.choices)
        )
        head = next((i for i, c in enumerate(self.flow.choices) if c.head), 0)
        backups.highlighted = keep if keep is not None else head

    @property
    def chosen(self) -> BackupChoice | None:
        index = self.query_one("#backups", OptionList).highlighted
        return self.flow.choices[index] if index is not None and index < len(self.flow.choices) else None

    def say(self, text: str, *, error: bool = False) -> None:
        box = self.query_one("#restore-message", Static)
        box.update(text)
        box.set_class(error, "error")

    def action_switch_key(self) -> None:
        self.use_key = not self.use_key
        self.query_one("#secret-label", Label).update(SECRET_LABELS[self.use_key])
        self.query_one("#secret-hint", Static).update(SECRET_HINTS[self.use_key])
        field = self.query_one("#secret", Input)
        field.value = ""
        field.placeholder = SECRET_PLACEHOLDERS[self.use_key]
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_open()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#secret", Input).focus()

    def action_open(self) -> None:
        if self.flow.busy:
            return
        choice = self.chosen
        field = self.query_one("#secret", Input)
        if choice is None or not choice.info.valid:
            self.say("Choose a usable backup in the list.", error=True)
            return
        if not field.value.strip():
            self.say(f"Give the {SECRET_LABELS[self.use_key].lower()} that opens the backup.", error=True)
            field.focus()
            return
        self.say("")
        given = {"recovery_key" if self.use_key else "secret": field.value}
        self.flow.unlock(self, choice.info.generation, **given)

    def again(self, problem: RestoreProblem, *, secret: bool) -> None:
        """Back from a problem: the reason shown; the secret emptied, or the list focused."""
        self.show_choices()
        self.say(f"{problem.text[:1].upper()}{problem.text[1:]}.", error=True)
        if secret:
            field = self.query_one("#secret", Input)
            field.value = ""
            field.focus()
        else:
            self.query_one("#backups", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.show_choices()  # account counts are known once a backup was opened

    def action_back(self) -> None:
        self.flow.cancel(self)
        self.dismiss()
