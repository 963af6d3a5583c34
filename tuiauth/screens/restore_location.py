"""Restore, step 1: where the backup is, and signing in there.

The location is one configured in this vault, or a new one of any backend plugin, whose sign-in form
(plugin data) the form renderer draws. "Find backups" lists the backups there in a worker; a problem
(nothing there, the network, the sign-in) opens its own screen, and "sign in again" comes back here
with the form kept, the secret fields emptied and the reason shown.

Reached from the first-run screen's **Start recovery** (no vault yet) and from the accounts screen
(key R, or the palette).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from ..controllers.restore_flow import RestoreFlow
from ..core.backup.setup import check_location_name, complete_settings
from ..core.backup.state import LocationRecord
from ..core.errors import TuiauthError
from ..core.restore.location import Location
from ..core.restore.problems import RestoreProblem
from ..core.specs import BackendSpec
from ..widgets.form_renderer import FormRenderer
from ..widgets.key_bar import KeyBar
from ..widgets.restore_progress import RestoreProgress

if TYPE_CHECKING:
    from ..app import TuiauthApp

INTRO = (
    "Recovery brings back the accounts you backed up on another machine: choose the backup location "
    "you used, sign in with the same recovery account, give the recovery secret, then review what "
    "will be added. Nothing already here is overwritten."
)
RESTORE_CSS = """
.restore-panel {
    height: 1fr;
    padding: 0 1;
}
.restore-panel .title {
    margin: 0;
}
.restore-row {
    height: 1;
    margin-top: 1;
}
.restore-row Label {
    width: 18;
}
.restore-row Input, .restore-row Select {
    width: 1fr;
}
.restore-message {
    height: auto;
    max-height: 4;
    padding: 0 1;
}
.restore-buttons {
    height: auto;
    margin-top: 1;
}
.restore-buttons Button {
    margin: 0 2 0 0;
}
"""


def secret_fields(spec: BackendSpec) -> set[str]:
    return {f.name for f in spec.fields if f.secret or f.kind == "password"}


class RestoreLocationScreen(Screen[None]):
    DEFAULT_CSS = RESTORE_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "find", "Find backups", id="restore_find", priority=True, tooltip="Sign in, list backups"),
        Binding("ctrl+n", "create", "New vault instead", id="restore_new_vault", priority=True),
        Binding("escape", "back", "Back", id="restore_back", tooltip="Leave the restore; nothing was changed"),
    ]

    app: TuiauthApp

    def __init__(self) -> None:
        super().__init__()
        self.flow: RestoreFlow | None = None

    def compose(self) -> ComposeResult:
        self.flow = RestoreFlow(self.app)
        self.specs = self.app.services.plugins.backends()
        vault = self.flow.vault
        self.configured = dict(vault.data.locations) if vault is not None else {}
        options = [(Content(f"{name} (configured here)"), f"configured:{name}") for name in self.configured]
        options += [(Content(f"A new location: {spec.label}"), f"backend:{name}") for name, spec in self.specs.items()]
        first = options[0][1] if self.configured else f"backend:{'webdav' if 'webdav' in self.specs else ''}"
        if first not in {value for _, value in options}:
            first = options[0][1]
        with VerticalScroll(classes="restore-panel"):
            yield Static("Restore from a backup · 1. Where the backup is", classes="title")
            yield Static(INTRO, classes="hint")
            with Horizontal(classes="restore-row"):
                yield Label("Location")
                yield Select(options, value=first, allow_blank=False, id="location", compact=True)
            yield Static(id="location-help", classes="hint", markup=False)
            with Horizontal(classes="restore-row", id="name-row"):
                yield Label("Name it")
                yield Input(id="location-name", compact=True)
            yield FormRenderer((), id="signin-form")
            with Horizontal(classes="restore-buttons"):
                yield Button("Find backups (ctrl+s)", id="find", compact=True, variant="primary")
                if vault is None:
                    yield Button("Create a new vault instead (ctrl+n)", id="create", compact=True)
        yield Static(id="restore-message", classes="restore-message", markup=False)
        yield RestoreProgress()
        yield KeyBar()

    async def on_mount(self) -> None:
        await self._show_form()
        self.query_one("#location", Select).focus()

    @property
    def choice(self) -> str:
        return str(self.query_one("#location", Select).value)

    @property
    def spec(self) -> BackendSpec:
        kind, _, name = self.choice.partition(":")
        backend = LocationRecord.from_json(self.configured[name]).backend if kind == "configured" else name
        return self.app.services.plugins.backend(backend)

    async def _show_form(self) -> None:
        """The sign-in form of the chosen location: a configured one filled in (secrets kept)."""
        kind, _, name = self.choice.partition(":")
        spec = self.spec
        values: dict[str, str] = {}
        kept: set[str] = set()
        if kind == "configured":
            stored = LocationRecord.from_json(self.configured[name]).settings
            kept = secret_fields(spec) & set(stored)
            values = {k: v for k, v in stored.items() if k not in kept}
        self.query_one("#name-row").display = kind == "backend"
        if kind == "backend":
            taken, label, n = set(self.configured), spec.name, 1
            while label in taken:
                n += 1
                label = f"{spec.name}-{n}"
            self.query_one("#location-name", Input).value = label
        help_text = spec.description if kind == "backend" else f"Backups go to {name} now; sign in again if asked."
        self.query_one("#location-help", Static).update(help_text)
        await self.query_one("#signin-form", FormRenderer).remove()
        form = FormRenderer(spec.fields, values, kept=kept, id="signin-form")
        await self.query_one(".restore-panel").mount(form, after="#name-row")

    async def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "location":
            await self._show_form()
            self.say("")

    def say(self, text: str, *, error: bool = False) -> None:
        box = self.query_one("#restore-message", Static)
        box.update(text)
        box.set_class(error, "error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_find()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_create() if event.button.id == "create" else self.action_find()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A new vault instead only on a new machine (no vault yet)."""
        return action != "create" or self.app.services.vault is None

    def action_create(self) -> None:
        from .create_vault import CreateVaultScreen

        if self.app.services.vault is None:
            self.action_back()
            self.app.push_screen(CreateVaultScreen())

    # --- finding the backups -------------------------------------------------------------------
    def _location(self) -> Location | None:
        kind, _, name = self.choice.partition(":")
        form = self.query_one("#signin-form", FormRenderer)
        if not form.check():
            return None
        values = form.values()
        vault = self.flow.vault if self.flow else None
        try:
            if kind == "configured" and vault is not None:
                stored = LocationRecord.from_json(self.configured[name]).settings
                changed = {k: v for k, v in values.items() if stored.get(k) != v}
                return Location.configured_in(vault.data, name, changed)
            given = self.query_one("#location-name", Input).value
            name = check_location_name(given, self.configured)
            return Location(name=name, backend=self.spec.name, settings=complete_settings(self.spec, values))
        except TuiauthError as exc:
            self.say(exc.message[:1].upper() + exc.message[1:] + ".", error=True)
            return None

    def action_find(self) -> None:
        flow = self.flow
        if flow is None or flow.busy:
            return
        location = self._location()
        if location is None:
            return
        self.say("")
        vault = flow.vault
        others = Location.all_configured(vault.data) if vault is not None else []
        flow.connect(self, location, [o for o in others if o.name != location.name])

    def again(self, problem: RestoreProblem, *, sign_in: bool) -> None:
        """Back from a problem: its reason shown; for a sign-in, the secret fields emptied and focused."""
        self.say(f"{problem.text[:1].upper()}{problem.text[1:]}.", error=True)
        form = self.query_one("#signin-form", FormRenderer)
        secrets = [f.name for f in form.fields if f.secret or f.kind == "password"]
        if sign_in and secrets:
            for name in secrets:
                control = form.control(name)
                if isinstance(control, Input):
                    control.value = ""
            form.control(secrets[0]).focus()
        else:
            self.query_one("#location", Select).focus()

    def action_back(self) -> None:
        if self.flow is not None:
            self.flow.cancel(self)
            self.flow.close()
        self.dismiss()

    def on_unmount(self) -> None:
        """The flow's screens start here: once this one is gone (or the app quits), so is its connection."""
        if self.flow is not None:
            self.flow.close_now()
