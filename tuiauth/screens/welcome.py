"""First run, no vault yet: create one, or start recovery from a backup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from ..widgets.key_bar import KeyBar
from .create_vault import CreateVaultScreen

WELCOME = (
    "tuiauth keeps your two-factor accounts in an encrypted vault on this machine, shows their codes, "
    "and can back them up — encrypted — to a place you choose.\n\n"
    "There is no vault here yet."
)


class WelcomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "create", "Create a new vault", id="create_vault"),
        Binding("r", "recover", "Start recovery", id="start_recovery"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Welcome to tuiauth", classes="title")
            yield Static(WELCOME)
            yield Button("Create a new vault (c)", id="create", variant="primary")
            yield Static("Start here if this is your first authenticator.", classes="hint")
            yield Button("Start recovery (r)", id="recover")
            yield Static("Bring back accounts you backed up from another machine.", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#create", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_recover()

    def action_create(self) -> None:
        self.app.push_screen(CreateVaultScreen())

    def action_recover(self) -> None:
        from .restore_location import RestoreLocationScreen  # imported when chosen: a faster first frame

        self.app.push_screen(RestoreLocationScreen())
