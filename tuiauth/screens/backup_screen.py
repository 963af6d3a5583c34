"""The backup screen: each location's state, and every action on it — back up now, sign in again,
turn off or on, remove (confirmed, naming it), add a location (turning backup on).

Opened with ``b`` (the overview) or from the header marker with ``!`` (``fix=True``): then the
location that most needs attention is selected and its fix is one key away — the sign-in form opens
at once for sign-in troubles, "try again now" is focused for network and server troubles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ..controllers.backup_control import BackupControl
from ..controllers.backup_text import ago, most_urgent, next_step, problem_headline, sentence, size_text, when
from ..core.backup import BackupEngine, LocationStatus
from ..core.backup.clock import is_skewed, skew_message
from ..core.backup.devices import device_labels
from ..core.backup.shared_secret import secret_line
from ..widgets.key_bar import KeyBar
from .backup_setup import BackupSetupScreen
from .backup_signin import BackupSignInScreen, needs_sign_in
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ..app import TuiauthApp

SYMBOLS = {"ok": "✓", "out-of-date": "●", "failed": "⚠", "sign-in": "⚠", "off": "○"}
STATES = {
    "ok": "✓ Up to date",
    "out-of-date": "● Out of date: the accounts changed since the last verified backup",
    "failed": "⚠ The last backup failed",
    "sign-in": "⚠ Needs signing in again",
    "off": "○ Turned off: press o to turn it back on",
}
OFF_TEXT = (
    "Backup is off. Press a to turn it on: choose where the backups go (a folder, WebDAV, …), "
    "sign in there, and set the recovery secret that encrypts them on this device."
)


def backup_and_record(engine: BackupEngine, location: str) -> list[LocationStatus]:
    """Back up now; a failure is written to the vault too, so it is still shown after a restart."""
    statuses = engine.backup_now(location)
    if any(s.last_error is not None for s in statuses):
        engine.save_state()
    return statuses


class BackupScreen(Screen[None]):
    DEFAULT_CSS = """
    BackupScreen {
        padding: 0 1;
        align-horizontal: left;
    }
    BackupScreen .title {
        margin: 0;
    }
    BackupScreen #locations {
        height: auto;
        max-height: 8;
        margin-top: 1;
    }
    BackupScreen #backup-details {
        height: 1fr;
    }
    BackupScreen #fix-row {
        height: auto;
        margin-top: 1;
    }
    BackupScreen #backup-progress {
        color: $text-warning;
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="backup_add", tooltip="Turn backup on to a new location"),
        Binding("n", "now", "Back up now", id="backup_now", tooltip="Back up to the selected location (retry)"),
        Binding("s", "sign_in", "Sign in", id="backup_sign_in", tooltip="Sign in again to the selected location"),
        Binding("o", "switch", "Off/on", id="backup_toggle", show=False, tooltip="Turn the selected one off, or on"),
        Binding("x,delete", "remove", "Remove", id="backup_remove", tooltip="Forget the selected location"),
        Binding(
            "t",
            "trust",
            "Trust device",
            id="backup_trust",
            show=False,
            tooltip="Trust the unknown device whose backup holds the sync there, then sync",
        ),
        Binding("escape", "close", "Back", id="backup_close", tooltip="Back to the accounts"),
    ]

    app: TuiauthApp

    def __init__(self, select: str | None = None, *, fix: bool = False) -> None:
        super().__init__()
        self.select, self.fix = select, fix
        self._rows: list[tuple[str, str, str, str]] = []

    @property
    def control(self) -> BackupControl:
        return self.app.backup

    def compose(self) -> ComposeResult:
        yield Static("Backup", classes="title")
        yield Static(
            "Encrypted on this device; every backup is read back and verified before it counts.",
            classes="hint",
        )
        yield OptionList(id="locations")
        with VerticalScroll(id="backup-details"):
            yield Static(id="details", markup=False)
            with Horizontal(id="fix-row"):
                yield Button("", id="fix", compact=True, variant="primary")
        yield Static(id="backup-progress", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.control.signal.subscribe(self, self.show)
        if self.select is None:  # the location that most needs attention first
            self.select = status.name if (status := most_urgent(self.control.statuses)) else None
        self.show(self.control)
        self.query_one(OptionList).focus()
        if self.fix:
            self.call_after_refresh(self._open_fix)

    # --- showing -------------------------------------------------------------------------------
    def _selected(self) -> LocationStatus | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or listing.option_count == 0:
            return None
        name = listing.get_option_at_index(listing.highlighted).id
        return next((s for s in self.control.statuses if s.name == name), None)

    def show(self, control: BackupControl) -> None:
        listing = self.query_one(OptionList)
        current = self._selected()
        keep = self.select or (current.name if current else None)
        width = max((len(s.name) for s in control.statuses), default=0)
        now = self.app.clock()
        rows: list[tuple[str, str, str, str]] = [
            (s.name, s.marker, s.description, ago(s.last_verified_at, now)) for s in control.statuses
        ]
        if rows != self._rows:  # rebuilt only when something shown changed (this runs every second)
            self._rows = rows
            options = []
            for name, state, description, last in rows:
                prompt = Text(no_wrap=True, overflow="ellipsis")
                prompt.append(f"{SYMBOLS[state]} {name:<{width}}", style="bold")
                prompt.append(f"  last {last:<11} {description}")
                options.append(Option(prompt, id=name))
            listing.set_options(options)
        listing.display = bool(rows)
        names = [s.name for s in control.statuses]
        wanted = (names.index(keep) if keep in names else 0) if names else None
        if listing.highlighted != wanted:
            listing.highlighted = wanted
        self.select = None
        progress = self.query_one("#backup-progress", Static)
        progress.update(" · ".join(f"⟳ {label}…" for label in control.running))
        progress.display = bool(control.running)
        self._show_details()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_details()

    def _show_details(self) -> None:
        status = self._selected()
        details = self.query_one("#details", Static)
        fix = self.query_one("#fix", Button)
        if status is None:
            details.update(OFF_TEXT)
            fix.display = False
            return
        now = self.app.clock()
        state = STATES[status.marker]
        if status.marker == "out-of-date" and status.out_of_date_reason:
            state = f"● Out of date: {status.out_of_date_reason}"
        lines = [f"{status.name} — {status.description}", state]
        if status.shared_with:
            labels = device_labels(status.shared_with)
            seen = ", ".join(f"{label} (last seen {when(d.seen or None, now)})"
                             for label, d in zip(labels, status.shared_with, strict=True))  # fmt: skip
            count = len(status.shared_with)
            lines.append(f"Shared with {count} device{'s' if count != 1 else ''}: {seen}")
        lines.append(f"Last verified backup: {when(status.last_verified_at, now)}")
        if status.generation is not None:
            lines.append(f"Generation {status.generation} · {size_text(status.size)} · keeps the last {status.keep}")
        if shared := secret_line(status, self.control.statuses):
            lines.append(shared)
        problem = status.last_error
        if problem is not None:
            lines.append(f"Last error: {problem_headline(problem)}, {when(problem.at, now)}")
            lines.append(f"  {sentence(problem.message)}")
            lines.append(f"  {next_step(problem)}")
            due = self.control.auto.next_due() if self.control.auto else None
            if problem.retryable and due is not None:
                lines.append(f"  Trying again by itself in {max(0, round(due - now))} s.")
        lines += [f"Note: {sentence(n)}" for n in status.notices]
        if is_skewed(status.clock_offset):
            assert status.clock_offset is not None
            lines.append(f"⚠ Clock: {sentence(skew_message(status.clock_offset, status.name))}")
        details.update("\n".join(lines))
        if problem is None and status.held_by:
            fix.label, fix.display = f"Trust {status.held_by} and sync (t)", True
        elif problem is not None and needs_sign_in(status):
            fix.label, fix.display = "Sign in again (s)", True
        elif problem is not None or (status.enabled and status.out_of_date):
            fix.label, fix.display = ("Try again now (n)" if problem else "Back up now (n)"), True
        else:
            fix.display = False

    def _open_fix(self) -> None:
        status = self._selected()
        if status is None:
            return
        if needs_sign_in(status):
            self.action_sign_in()
        elif status.marker != "ok":
            self.query_one("#fix", Button).focus()

    # --- actions -------------------------------------------------------------------------------
    def select_location(self, name: str | None = None, *, fix: bool = False) -> None:
        """Select ``name`` (else the location that most needs attention); ``fix`` opens its fix."""
        target = name or (s.name if (s := most_urgent(self.control.statuses)) else None)
        self.select = target
        self.show(self.control)
        if fix:
            self._open_fix()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "fix":
            status = self._selected()
            if status is not None and status.last_error is None and status.held_by:
                self.action_trust()
            elif status is not None and needs_sign_in(status):
                self.action_sign_in()
            else:
                self.action_now()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        self.app.push_screen(BackupSetupScreen(), self._added)

    def _added(self, name: str | None) -> None:
        if name:
            self.select_location(name)

    def _location(self) -> LocationStatus | None:
        status = self._selected()
        if status is None:
            self.notify("No backup location yet: press a to add one.", severity="warning", timeout=3)
        return status

    def action_now(self) -> None:
        status = self._location()
        if status is None:
            return
        name = status.name

        def done(statuses: list[LocationStatus]) -> None:
            for s in statuses:
                if s.last_error is None:
                    self.notify(f"Verified backup to {s.name}: generation {s.generation}.", timeout=3)
            if self.is_current:
                self.query_one(OptionList).focus()

        self.control.run(f"Backing up to {name}", lambda engine: backup_and_record(engine, name), done)

    def action_trust(self) -> None:
        status = self._location()
        if status is None or not status.held_by:
            return
        name, device = status.name, status.held_by

        def done(result: LocationStatus) -> None:
            if result.last_error is None:
                self.notify(f"Trusted {device}; synced with {name}: generation {result.generation}.", timeout=3)

        self.control.run(f"Syncing with {name}", lambda engine: engine.trust(name), done)

    def action_sign_in(self) -> None:
        status = self._location()
        if status is not None:
            self.app.push_screen(BackupSignInScreen(status), lambda _: self.select_location(status.name))

    def action_switch(self) -> None:
        status = self._location()
        if status is None:
            return
        name, enable = status.name, not status.enabled
        verb = "Turning on" if enable else "Turning off"
        self.control.run(f"{verb} {name}", lambda engine: engine.set_enabled(name, enable))

    def action_remove(self) -> None:
        status = self._location()
        if status is None:
            return
        name = status.name

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.control.run(f"Removing {name}", lambda engine: engine.remove(name), lambda _: self._removed(name))

        detail = (
            f"tuiauth stops backing up to {status.description} and forgets its sign-in values. "
            "The backups already stored there are not deleted."
        )
        self.app.push_screen(ConfirmScreen(f"Remove the backup location {name}?", detail, yes="Remove"), confirmed)

    def _removed(self, name: str) -> None:
        self.notify(f"Removed the backup location {name}.", timeout=3)
