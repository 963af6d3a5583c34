"""The backup marker in the accounts screen's header (PRODUCT B5): when the last verified backup was
made, and ⚠ / ● with words when the backup failed, needs signing in again, or is out of date.

Choosing it — a click, the ``!`` key (binding id ``backup_fix``) or "Fix backup" in the palette —
opens the fix. It is empty while backup is off, so the header stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.containers import Horizontal
from textual.widgets import Static

from ..screens.backup_text import marker_text

if TYPE_CHECKING:
    from ..app import TuiauthApp
    from ..screens.backup_control import BackupControl


class StatusRow(Horizontal):
    """The header line: the screen's own status on the left, the backup marker on the right."""

    DEFAULT_CSS = """
    StatusRow {
        height: 1;
        background: $panel;
    }
    StatusRow > #status {
        width: 1fr;
    }
    """


class BackupMarker(Static):
    DEFAULT_CSS = """
    BackupMarker {
        width: auto;
        height: 1;
        padding: 0 1;
        background: $panel;
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

    def on_mount(self) -> None:
        self.app.backup.signal.subscribe(self, self.show)
        self.show(self.app.backup)

    def show(self, control: BackupControl) -> None:
        running = any(label.startswith("Backing up") for label in control.running)
        text, level = marker_text(control.statuses, self.app.clock(), running=running)
        self.level = level
        for name in ("ok", "warn", "error"):
            self.set_class(level == name, f"-{name}")
        self.display = bool(text)
        self.update(text)

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.app.run_action("backup_fix")
