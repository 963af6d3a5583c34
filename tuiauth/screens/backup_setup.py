"""Turn backup on: choose a location — any backend plugin —, sign in through the form the
plugin describes, set the recovery secret twice, test the location, then save and make the first
verified backup. Nothing is stored until the location has passed the test and the secret is set.

The recovery secret encrypts the backups; it is asked twice, with a strength hint, and the screen says
plainly that it is needed to restore and must not be the vault password (the engine refuses it).
When other locations exist, the secret they use is offered instead: typed once more, it is checked
against their backup keys (tuiauth/core/backup/shared_secret.py), so one secret opens every backup;
ticking "a different recovery secret" sets another one on purpose, asked twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from ..controllers.backup_text import sentence
from ..core.backup import BackupEngine, LocationStatus
from ..core.backup.errors import SharedLocationError
from ..core.backup.shared_secret import enable_location
from ..core.specs import BackendSpec
from ..widgets.check import Check
from ..widgets.form_renderer import FormRenderer
from ..widgets.key_bar import KeyBar
from ..widgets.password_strength import MIN_LENGTH, StrengthHint
from .backup_signin import FORM_CSS, try_location
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ..app import TuiauthApp

RECOVERY_NOTE = (
    "The recovery secret encrypts the backups on this device. You need it (or the recovery key shown "
    "when the vault was created) to restore your accounts on a new device. It is not your vault "
    "password: choose a different one, and keep it somewhere safe."
)
SHARED_NOTE = (
    "Your other backups ({names}) use one recovery secret. Type it again to use it here too: one secret "
    "opens all your backups. It is checked against them and never stored in the clear."
)
OWN_NOTE = (
    "This location gets a recovery secret of its own: you will need it, not the one of {names}, to "
    "restore from it. It is not your vault password: choose a different one, and keep it somewhere safe."
)
SETUP_CSS = (
    FORM_CSS
    + """
.setup-row {
    height: 1;
    margin-top: 1;
}
.setup-row Label {
    width: 20;
}
.setup-row Input, .setup-row Select {
    width: 1fr;
}
.setup-heading {
    text-style: bold;
    margin-top: 1;
}
.setup-error {
    padding-left: 20;
    color: $text-error;
    text-style: bold;
    display: none;
}
#secret-strength {
    padding-left: 20;
}
#secret-different {
    margin-top: 1;
}
"""
)


def default_name(backend: str, taken: set[str] | list[str]) -> str:
    """The backend's name, made unique (``webdav``, ``webdav-2`` …)."""
    name, n = backend, 1
    while name in taken:
        n += 1
        name = f"{backend}-{n}"
    return name


class BackupSetupScreen(Screen[str | None]):
    DEFAULT_CSS = SETUP_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Turn on", id="backup_enable", priority=True, tooltip="Test, save, back up"),
        Binding("ctrl+t", "test", "Test", id="backup_setup_test", priority=True, tooltip="Test the location only"),
        Binding("escape", "cancel", "Cancel", id="backup_setup_cancel"),
    ]

    app: TuiauthApp

    def compose(self) -> ComposeResult:
        self.specs = self.app.services.plugins.backends()
        first = "local" if "local" in self.specs else next(iter(self.specs), "")
        options = [(Content(f"{spec.label} ({name})"), name) for name, spec in self.specs.items()]
        with VerticalScroll(classes="backup-form-panel"):
            yield Static("Turn on backup", classes="title")
            yield Static("1. Where the backups go", classes="setup-heading")
            with Horizontal(classes="setup-row"):
                yield Label("Location")
                yield Select(options, value=first, allow_blank=False, id="backend", compact=True)
            yield Static(id="backend-help", classes="hint", markup=False)
            with Horizontal(classes="setup-row"):
                yield Label("Name")
                yield Input(default_name(first, self._taken()), id="location-name", compact=True)
            yield Static(id="name-error", classes="setup-error", markup=False)
            yield Static("2. Sign in there", classes="setup-heading")
            yield FormRenderer(self.specs[first].fields if first else (), id="signin-form")
            yield Static("3. The recovery secret", classes="setup-heading")
            yield Static(id="secret-note", classes="hint", markup=False)
            yield Check("Use a different recovery secret for this location", id="secret-different")
            with Horizontal(classes="setup-row"):
                yield Label("Recovery secret")
                yield Input(password=True, placeholder=f"at least {MIN_LENGTH} characters", id="secret", compact=True)
            yield StrengthHint(id="secret-strength")
            with Horizontal(classes="setup-row", id="secret-again-row"):
                yield Label("Repeat it")
                yield Input(password=True, id="secret-again", compact=True)
            yield Static(id="secret-error", classes="setup-error", markup=False)
            with Horizontal(classes="backup-buttons"):
                yield Button("Test the location (ctrl+t)", id="test", compact=True)
                yield Button("Turn on backup (ctrl+s)", id="save", compact=True, variant="primary")
        yield Static(id="setup-message", classes="backup-message", markup=False)
        yield KeyBar()

    def _taken(self) -> list[str]:
        return [s.name for s in self.app.backup.statuses]

    def on_mount(self) -> None:
        self.query_one(StrengthHint).show("")
        self._describe()
        self.query_one("#secret-different", Check).display = bool(self._taken())
        self._show_secret_mode()
        self.query_one("#backend", Select).focus()

    @property
    def same_secret(self) -> bool:
        """True when the secret of the other locations is to be typed again (not a new one set)."""
        return bool(self._taken()) and not self.query_one("#secret-different", Check).value

    def _show_secret_mode(self) -> None:
        names = ", ".join(self._taken())
        note = SHARED_NOTE if self.same_secret else OWN_NOTE if names else RECOVERY_NOTE
        self.query_one("#secret-note", Static).update(note.format(names=names))
        self.query_one("#secret-again-row").display = not self.same_secret
        self.query_one(StrengthHint).display = not self.same_secret
        secret = self.query_one("#secret", Input)
        verb = "uses" if len(self._taken()) == 1 else "use"
        secret.placeholder = f"the one {names} {verb}" if self.same_secret else f"at least {MIN_LENGTH} characters"
        self._field_error("secret-error", "")

    def on_checkbox_changed(self, event: Check.Changed) -> None:
        if event.checkbox.id == "secret-different":
            self._show_secret_mode()

    @property
    def spec(self) -> BackendSpec:
        return self.specs[str(self.query_one("#backend", Select).value)]

    def _describe(self) -> None:
        self.query_one("#backend-help", Static).update(self.spec.description)

    async def on_select_changed(self, event: Select.Changed) -> None:
        """Another backend: its own sign-in form (and a name that says which one)."""
        if event.select.id != "backend":
            return
        name_box = self.query_one("#location-name", Input)
        if name_box.value in self.specs or name_box.value.rsplit("-", 1)[0] in self.specs:
            name_box.value = default_name(self.spec.name, self._taken())
        old = self.query_one("#signin-form", FormRenderer)
        await old.remove()
        heading = self.query("Static.setup-heading")[1]
        await self.query_one(".backup-form-panel").mount(
            FormRenderer(self.spec.fields, id="signin-form"), after=heading
        )
        self._describe()
        self._say("")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "secret":
            self.query_one(StrengthHint).show(event.value)
        # A reason shown under a field goes as soon as the field is right (it was left stale before).
        if event.input.id in ("secret", "secret-again") and self.query_one("#secret-error").display:
            self._checked_secret(focus=False)
        if event.input.id == "location-name" and event.value.strip():
            self._field_error("name-error", "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_test() if event.button.id == "test" else self.action_save()

    def _say(self, text: str, *, error: bool = False) -> None:
        if not self.is_attached:
            return  # closed while the job ran: its result shows in the backup screen and marker
        box = self.query_one("#setup-message", Static)
        box.update(text)
        box.set_class(error, "error")

    def _field_error(self, box_id: str, text: str) -> None:
        box = self.query_one(f"#{box_id}", Static)
        box.update(text)
        box.display = bool(text)

    # --- actions -------------------------------------------------------------------------------
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_test(self) -> None:
        form = self.query_one("#signin-form", FormRenderer)
        if not form.check():
            return
        spec, values = self.spec, form.values()
        self._say(f"⟳ Testing {spec.label.lower()}…")
        self.app.backup.run(
            "Testing the location",
            lambda _: try_location(spec, values),
            self._say,
            lambda message: self._say(sentence(message), error=True),
        )

    def _checked_secret(self, *, focus: bool) -> str | None:
        secret = self.query_one("#secret", Input).value
        again = self.query_one("#secret-again", Input).value
        reason = ""
        if self.same_secret:
            reason = "" if secret else "Type the recovery secret your other backups use."
        elif len(secret) < MIN_LENGTH:
            reason = f"At least {MIN_LENGTH} characters."
        elif secret != again:
            reason = "The two secrets differ: type the same one twice."
        self._field_error("secret-error", reason)
        if reason and focus:
            self.query_one("#secret", Input).focus()
        return None if reason else secret

    def action_save(self) -> None:
        name = self.query_one("#location-name", Input).value.strip()
        self._field_error("name-error", "" if name else "Give the location a name, e.g. home.")
        form = self.query_one("#signin-form", FormRenderer)
        valid_form = form.check()  # focuses its first invalid field
        secret = self._checked_secret(focus=valid_form)
        if not name:
            self.query_one("#location-name", Input).focus()
        if not name or not valid_form or secret is None:
            return
        self._turn_on(name, form.values(), secret, share=False)

    def _turn_on(self, name: str, values: dict[str, str], secret: str, *, share: bool) -> None:
        """Turn backup on; a location holding another device's backups asks first (a sync)."""
        backend, kdf, different = self.spec.name, self.app.services.kdf, not self.same_secret
        self._say(f"⟳ Testing {name}, deriving the backup key and making the first backup…")

        def job(engine: BackupEngine) -> LocationStatus | SharedLocationError:
            try:
                return enable_location(engine, name, backend, values, secret, different=different, kdf=kdf, share=share)
            except SharedLocationError as exc:
                return exc

        def done(result: LocationStatus | SharedLocationError) -> None:
            if not isinstance(result, SharedLocationError):
                self._enabled(result)
                return
            self._say(f"{name} holds another device's backups: answer the question to go on.", error=True)

            def answered(yes: bool | None) -> None:
                if yes:
                    self._turn_on(name, values, secret, share=True)

            question = f"Back up to {name} from this machine too?"
            detail = (
                f"{name} already holds the backups of {result.devices}. Yes makes this machine sync with them "
                "through it; no writes nothing there."
            )
            self.app.push_screen(ConfirmScreen(question, detail, yes="Share", no="Cancel"), answered)

        self.app.backup.run(f"Turning on backup to {name}", job, done, self._refused)

    def _refused(self, message: str) -> None:
        self._say(sentence(message), error=True)

    def _enabled(self, status: LocationStatus) -> None:
        if status.last_error is not None:
            self.notify(f"Backup to {status.name} is on, but the first backup failed.", severity="warning")
        else:
            self.notify(f"Backup is on: verified backup to {status.name}, generation {status.generation}.")
        if self.is_current:
            self.dismiss(status.name)
