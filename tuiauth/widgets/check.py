"""A check box that reads without colour: ``X`` when ticked, a blank when not (Textual's draws an
``X`` in both states and tells them apart by colour alone, which NO_COLOR removes)."""

from __future__ import annotations

from textual.widgets import Checkbox


class Check(Checkbox):
    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()

    def on_mount(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        self.refresh()
