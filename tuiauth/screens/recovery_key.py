"""The recovery key, shown once right after the vault is created, with a step that must be confirmed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Static

from ..widgets.check import Check
from ..widgets.key_bar import KeyBar

WHY = (
    "Write this recovery key down on paper and keep it somewhere safe. If you forget your password, "
    "it is the only way into this vault. tuiauth shows it [b]only this once[/b] and never stores it "
    "in the clear."
)


class RecoveryKeyScreen(Screen[bool]):
    """Dismissed with True once the person confirms they wrote the key down (there is no way back)."""

    def __init__(self, key_text: str) -> None:
        super().__init__()
        self._key_text = key_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Your recovery key", classes="title")
            yield Static(WHY)
            yield Static(self._key_text, id="recovery-key", markup=False)
            yield Check("I have written down my recovery key", id="written")
            yield Button("Continue to my accounts", id="continue", variant="primary", disabled=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#written", Checkbox).focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#continue", Button).disabled = not event.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if self.query_one("#written", Checkbox).value:
            self._key_text = ""
            self.dismiss(True)
