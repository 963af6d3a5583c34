"""Start recovery (PRODUCT R1, R2): what restoring from a backup does, and how to get there.

The restore flow itself (choose the location, sign in, give the recovery secret, review the plan)
comes with the backup feature; this screen says exactly what it will do and what to do meanwhile.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from ..widgets.key_bar import KeyBar
from .create_vault import CreateVaultScreen

EXPLANATION = """\
Recovery brings back the accounts you backed up from another machine:

  1. choose the backup location you used (a folder, WebDAV, S3 …);
  2. sign in with the same recovery account you used for the backup;
  3. give the recovery secret that encrypts the backup;
  4. review what will be added, then restore: accounts, order, groups
     and favourites come back. Nothing already here is overwritten.

This version of tuiauth cannot read backups yet: restoring arrives
with the backup feature, on this screen and as `tuiauth restore`.

Meanwhile you can create a new vault and add your accounts by hand,
or import another app's export with `tuiauth import`."""


class StartRecoveryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Back", id="back"),
        Binding("c", "create", "Create a new vault", id="create_instead"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Start recovery", classes="title")
            yield Static(EXPLANATION)
            yield Button("Create a new vault instead (c)", id="create", variant="primary")
            yield Button("Back (esc)", id="back")
        yield KeyBar()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_back()

    def action_back(self) -> None:
        self.dismiss()

    def action_create(self) -> None:
        self.app.switch_screen(CreateVaultScreen())
