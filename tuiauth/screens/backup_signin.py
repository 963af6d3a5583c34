"""Sign in again to a backup location (sign-in failed, expired or changed credentials;
also a moved folder or an untrusted certificate): the backend's form, filled with the stored values
except secrets, tested, stored, then a backup is made at once.

``try_location`` is shared with the setup screen: it tests a location without storing anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from ..controllers.backup_text import problem_line, sentence
from ..core.backup import BackupEngine, LocationStatus
from ..core.backup.setup import complete_settings, probe_location
from ..core.specs import BackendSpec
from ..widgets.form_renderer import FormRenderer
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ..app import TuiauthApp

#: Failures fixed in the sign-in form: the credentials, the address, the certificate.
SIGN_IN_KINDS = frozenset({"auth", "permission", "not-found"})
TESTED = "✓ The location works: a test file was written there, read back and removed."
FORM_CSS = """
.backup-form-panel {
    height: 1fr;
    padding: 0 1;
}
.backup-form-panel .title {
    margin: 0;
}
.backup-message {
    height: auto;
    max-height: 3;
    padding: 0 1;
    background: $panel;
}
.backup-buttons {
    height: auto;
    margin-top: 1;
}
.backup-buttons Button {
    margin-right: 2;
}
"""


def needs_sign_in(status: LocationStatus) -> bool:
    problem = status.last_error
    if status.needs_sign_in:
        return True
    return problem is not None and (problem.kind in SIGN_IN_KINDS or problem.cause == "tls")


def try_location(spec: BackendSpec, values: Mapping[str, str]) -> str:
    """List, write, read back and remove a probe object; a ``BackendError`` says what failed."""
    backend = spec.factory(complete_settings(spec, values))
    try:
        probe_location(backend)
    finally:
        backend.close()
    return TESTED


class BackupSignInScreen(Screen[LocationStatus | None]):
    DEFAULT_CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Sign in", id="backup_sign_in_save", priority=True, tooltip="Test, store, back up"),
        Binding("ctrl+t", "test", "Test", id="backup_test", priority=True, tooltip="Test the location only"),
        Binding("escape", "cancel", "Cancel", id="backup_sign_in_cancel"),
    ]

    app: TuiauthApp

    def __init__(self, status: LocationStatus) -> None:
        super().__init__()
        self.status = status

    def compose(self) -> ComposeResult:
        status = self.status
        engine = self.app.backup.engine
        assert engine is not None, "the sign-in screen is only shown with an open vault"
        record = engine.record(status.name)
        self.spec = self.app.services.plugins.backend(record.backend)
        secret = {f.name for f in self.spec.fields if f.secret or f.kind == "password"}
        shown = {k: v for k, v in record.settings.items() if k not in secret}
        with VerticalScroll(classes="backup-form-panel"):
            yield Static(f"Sign in again to {status.name}", classes="title", markup=False)
            yield Static(status.description, classes="hint", markup=False)
            if status.last_error is not None:
                yield Static(problem_line(status.last_error), classes="error", markup=False)
            yield FormRenderer(self.spec.fields, shown, kept=secret & set(record.settings), id="signin-form")
            with Horizontal(classes="backup-buttons"):
                yield Button("Test (ctrl+t)", id="test", compact=True)
                yield Button("Sign in and back up (ctrl+s)", id="save", compact=True, variant="primary")
        yield Static(id="signin-message", classes="backup-message", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        form = self.query_one(FormRenderer)
        first = next((f for f in form.fields if f.secret or f.kind == "password"), None)
        if form.fields:
            form.control((first or form.fields[0]).name).focus()

    def _say(self, text: str, *, error: bool = False) -> None:
        if not self.is_attached:
            return  # closed while the job ran: its result shows in the backup screen and marker
        box = self.query_one("#signin-message", Static)
        box.update(text)
        box.set_class(error, "error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_test() if event.button.id == "test" else self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_test(self) -> None:
        form = self.query_one(FormRenderer)
        if not form.check():
            return
        engine = self.app.backup.engine
        assert engine is not None
        values = {**engine.record(self.status.name).settings, **form.values()}
        self._say("⟳ Testing the location…")
        self.app.backup.run(
            f"Testing {self.status.name}",
            lambda _: try_location(self.spec, values),
            self._say,
            lambda message: self._say(sentence(message), error=True),
        )

    def action_save(self) -> None:
        form = self.query_one(FormRenderer)
        if not form.check():
            return
        name, values = self.status.name, form.values()
        self._say(f"⟳ Signing in to {name} and backing up…")

        def job(engine: BackupEngine) -> LocationStatus:
            return engine.sign_in(name, values)

        self.app.backup.run(f"Signing in to {name}", job, self._signed_in, lambda m: self._say(sentence(m), error=True))

    def _signed_in(self, status: LocationStatus) -> None:
        if status.last_error is not None:
            self.notify(f"Signed in to {status.name}, but the backup failed.", severity="warning")
        else:
            self.notify(f"Signed in to {status.name}: verified backup, generation {status.generation}.", timeout=3)
        if self.is_current:
            self.dismiss(status)
