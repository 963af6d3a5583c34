"""Every key of the screen it was opened from (its own, its widgets' and the app's), with its id
(the name to use in the config's ``keymap``)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..widgets.key_bar import KeyBar

INTRO = (
    'Remap any key by its id in config.toml, e.g. \\[keymap] copy = "y". '
    "ctrl+p opens the command palette, which holds every command below; "
    "tab and shift+tab move between fields."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close_help"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def keys_table(self) -> Table:
        table = Table(box=None, expand=True, show_edge=False, pad_edge=False)
        table.add_column("Key", no_wrap=True, style="bold")
        table.add_column("Does")
        table.add_column("Id (keymap)", no_wrap=True)
        seen: set[tuple[str, str]] = set()
        for active in self.under.active_bindings.values():
            binding = active.binding
            if binding.system or not binding.description or not binding.id:
                continue
            identity = (binding.id or binding.action, binding.description)
            if identity in seen:
                continue
            seen.add(identity)
            keys = ", ".join(self.app.get_key_display(b) for b in self._same(binding))
            what = binding.description + (f" — {binding.tooltip}" if binding.tooltip else "")
            table.add_row(Text(keys), Text(what), Text(binding.id or ""))  # key names are not markup
        return table

    def _same(self, binding: Binding) -> list[Binding]:
        """Every active binding of the same command (several keys may run one action)."""
        found = [
            a.binding
            for a in self.under.active_bindings.values()
            if a.binding.action == binding.action and a.binding.id == binding.id
        ]
        return found or [binding]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static("[b]Keys[/b]  " + INTRO, id="help-intro")
            yield Static(self.keys_table(), id="help-keys")
        yield KeyBar()
