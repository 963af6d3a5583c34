"""The progress line of the restore screens: what runs now (reading backups, deriving the key, restoring)
with an indeterminate bar. The work itself runs in a thread worker, so the screen stays live: Esc still
goes back, and a late result is dropped."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


class RestoreProgress(Horizontal):
    DEFAULT_CSS = """
    RestoreProgress {
        height: 1;
        display: none;
        padding: 0 1;
    }
    RestoreProgress.running {
        display: block;
    }
    RestoreProgress ProgressBar {
        width: 14;
    }
    RestoreProgress #progress-label {
        width: 1fr;
        color: $text-warning;
        text-style: bold;
    }
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=None, show_eta=False, show_percentage=False)
        yield Static(id="progress-label", markup=False)

    @property
    def running(self) -> bool:
        return self.has_class("running")

    def start(self, label: str) -> None:
        self.query_one("#progress-label", Static).update(f"⟳ {label}…")
        self.add_class("running")

    def stop(self) -> None:
        self.remove_class("running")
