"""The trash (key T, or "Trash" in the palette): accounts removed here or by another device, and this
device's edits that lost a sync conflict, kept 30 days (tuiauth/core/trash.py).

The list shows each entry with why it is there; the panel below shows the highlighted entry and,
for a conflict, the two versions side by side — the one kept and this device's one in the trash —
field by field, never the secret. Enter (or u) restores the entry: a deleted account comes back,
a conflict's loser takes the place of the kept version (which goes to the trash in its turn).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core import trash
from ..core.accounts import Account
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ..app import TuiauthApp

#: What the side-by-side view compares (the secret only as "same" or "different").
SHOWN_FIELDS = ("issuer", "name", "note", "groups", "favourite", "type", "algorithm", "digits", "period", "counter")


def _value(account: Account | None, field: str) -> str:
    if account is None:
        return "—"
    value = getattr(account, field)
    if isinstance(value, list):
        return ", ".join(value) or "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value != "" else "—"


def side_by_side(entry: trash.TrashEntry, live: Account | None) -> Table:
    """The entry's version and the live one, field by field (differences marked with ≠)."""
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("")
    table.add_column("Kept (live)" if entry.why == "conflict" else "Live now")
    table.add_column("In the trash")
    for field in SHOWN_FIELDS:
        here, there = _value(live, field), _value(entry.account, field)
        mark = " ≠" if live is not None and here != there else ""
        table.add_row(Text(field + mark), Text(here), Text(there))
    if live is not None:
        same = "same" if live.secret == entry.account.secret else "different"
        table.add_row(Text("secret"), Text(same), Text(same))
    return table


class TrashScreen(Screen[None]):
    DEFAULT_CSS = """
    TrashScreen #trash-list { height: 1fr; max-height: 12; }
    TrashScreen #trash-detail { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,u", "restore_entry", "Restore", id="trash_restore", tooltip="Make the account live again"),
        Binding("escape,q", "close", "Close", id="close_trash", tooltip="Back to the accounts"),
    ]

    app: TuiauthApp

    def __init__(self) -> None:
        super().__init__()
        self.items: list[trash.TrashEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Trash", classes="title")
            yield Static(
                "Accounts removed here or by another device, and this device's edits that lost a conflict; "
                "kept 30 days. Enter restores the highlighted one.",
                classes="hint",
            )
            yield OptionList(id="trash-list", markup=False)
            yield Static(id="trash-detail", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_items()

    def show_items(self) -> None:
        vault = self.app.services.vault
        self.items = trash.entries(vault.data) if vault is not None else []
        listing = self.query_one("#trash-list", OptionList)
        listing.clear_options()
        for e in self.items:
            when = datetime.fromtimestamp(e.at).strftime("%Y-%m-%d %H:%M")
            listing.add_option(Option(f"{e.account.label} — {e.reason} ({when})", id=e.entry_id))
        if self.items:
            listing.highlighted = 0
            listing.focus()
        self.show_detail()
        self.refresh_bindings()

    def _current(self) -> trash.TrashEntry | None:
        index = self.query_one("#trash-list", OptionList).highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    def show_detail(self) -> None:
        detail = self.query_one("#trash-detail", Static)
        entry, vault = self._current(), self.app.services.vault
        if entry is None or vault is None:
            detail.update(Text("The trash is empty."))
            return
        live = vault.data.find_by_id(entry.account.id)
        title = "Conflict: both versions" if entry.why == "conflict" else f"{entry.account.label}: {entry.reason}"
        grid = Table.grid()
        grid.add_row(Text(title, style="bold"))
        grid.add_row(side_by_side(entry, live))
        detail.update(grid)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_restore_entry()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore_entry":
            return bool(self.items)
        return True

    def action_restore_entry(self) -> None:
        from ..controllers.restore_flow import vault_job

        entry, vault = self._current(), self.app.services.vault
        if entry is None or vault is None:
            return

        def restored(account: Account) -> None:
            from .accounts import AccountsScreen

            for screen in self.app.screen_stack:
                if isinstance(screen, AccountsScreen):
                    screen.reload(keep=account.id)
            self.app.notify(f"Restored {account.label} from the trash.", markup=False)
            self.show_items()

        def failed(message: str) -> None:
            self.app.notify(message[:1].upper() + message[1:], severity="error", markup=False)

        vault_job(self.app, "Restoring from the trash", lambda: trash.restore(vault, entry.entry_id), restored, failed)

    def action_close(self) -> None:
        self.dismiss()
