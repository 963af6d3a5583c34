"""The backup marker in the accounts screen's header: when the last verified backup was made, and
⚠ / ● with words when the backup failed, needs signing in again, or is out of date. The account count
on its left is never squeezed: the marker takes the room left and words itself to fit it.

Choosing it — a click, the ``!`` key (binding id ``backup_fix``) or "Fix backup" in the palette —
opens the fix. It is empty while backup is off, so the header stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.containers import Horizontal
from textual.widgets import Static

from ..controllers.backup_text import marker_texts

if TYPE_CHECKING:
    from ..app import TuiauthApp
    from ..controllers.backup_control import BackupControl


class StatusRow(Horizontal):
    """The header line: the screen's own status on the left, the backup marker on the right."""

    DEFAULT_CSS = """
    StatusRow {
        height: 1;
        background: $panel;
    }
    StatusRow > #status {
        width: auto;
    }
    """


class BackupMarker(Static):
    DEFAULT_CSS = """
    BackupMarker {
        width: 1fr;
        height: 1;
        padding: 0 1;
        background: $panel;
        content-align-horizontal: right;
    }
    BackupMarker.-ok {
        color: $text-success;
    }
    BackupMarker.-warn {
        color: $text-warning;
        text-style: bold;
    }
    BackupMarker.-error {
        color: $text-error;
        text-style: bold;
    }
    """

    app: TuiauthApp

    def __init__(self) -> None:
        super().__init__(id="backup-marker", markup=False)
        self.level = ""
        self.texts: tuple[str, ...] = ()

    def on_mount(self) -> None:
        self.app.backup.signal.subscribe(self, self.show)
        self.show(self.app.backup)

    def show(self, control: BackupControl) -> None:
        running = any(label.startswith("Backing up") for label in control.running)
        self.texts, level = marker_texts(control.statuses, self.app.clock(), running=running)
        self.level = level
        for name in ("ok", "warn", "error"):
            self.set_class(level == name, f"-{name}")
        self.display = bool(self.texts)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The longest wording that fits the room the account count leaves."""
        room = self.content_region.width
        self.update(next((t for t in self.texts if cell_len(t) <= room), self.texts[-1] if self.texts else ""))

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.app.run_action("backup_fix")
