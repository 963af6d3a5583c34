"""The key hints line at the bottom of every screen: one widget drawing one line of text.

Textual's ``Footer`` builds a widget per key and rebuilds them whenever the bindings change (each
focus change); at start-up that was the largest single cost of the first frame. This bar draws the
same hints — the screen's bindings marked ``show``, with the keys from the user's keymap — as text.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    _shown = ""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.show_keys)
        self.show_keys(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def show_keys(self, screen: Screen[object]) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            line.append(f" {self.app.get_key_display(binding)} ", style="bold reverse")
            line.append(f" {binding.description} ", style="" if active.enabled else "dim")
        palette = Text(" ^p ", style="bold reverse") + Text(" palette")
        width = self.size.width or 80
        room = width - palette.cell_len
        if line.cell_len > room:
            line.truncate(room, overflow="ellipsis")
        line.pad_right(room - line.cell_len)
        bar = line + palette
        if bar.markup != self._shown:  # bindings change on every focus change; redraw only what differs
            self._shown = bar.markup
            self.update(bar)

    def on_resize(self) -> None:
        self.show_keys(self.screen)
