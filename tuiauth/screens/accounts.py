"""The accounts screen: search, the virtualised list, and every action on the selected account.

Changes to the vault (HOTP counters, order, favourites, deletion) run as the app's vault-writing jobs
(``tuiauth/controllers/jobs.py``), one at a time; errors come back as notifications, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static

from ..core import account_ops, trash
from ..core.accounts import Account
from ..core.errors import TuiauthError
from ..core.vault import Vault
from ..widgets.account_list import AccountList, SharedCountdown
from ..widgets.backup_marker import BackupMarker, StatusRow
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ..app import TuiauthApp

T = TypeVar("T")


class SearchField(Input):
    """The search field: Down and Up move through the matches while typing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "screen.select(1)", "Next match", id="next_match", show=False),
        Binding("up", "screen.select(-1)", "Previous match", id="previous_match", show=False),
    ]


class AccountsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="search", tooltip="Words of the issuer, account, group or note"),
        Binding("enter,c", "copy", "Copy", id="copy", tooltip="Copy the selected code (HOTP: the next one)"),
        Binding("a", "add", "Add", id="add", tooltip="Add an account: URI, QR image or form"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Edit the selected account"),
        Binding("d,delete", "delete", "Delete", id="delete", show=False, tooltip="Delete the selected account"),
        Binding("n", "generate", "Next HOTP code", id="generate", show=False, tooltip="HOTP: a new code"),
        Binding("r", "reveal", "Reveal", id="reveal", show=False, tooltip="Show the hidden code for a while"),
        Binding("h", "toggle_hidden", "Hide codes", id="toggle_hidden", show=False, tooltip="Dots instead"),
        Binding("f", "favourite", "Favourite", id="favourite", show=False, tooltip="Pin on top, or unpin"),
        Binding("g", "next_group", "Group filter", id="group", show=False, tooltip="Cycle through groups"),
        Binding("shift+up,K", "move(-1)", "Move up", id="move_up", show=False, tooltip="Saved at once"),
        Binding("shift+down,J", "move(1)", "Move down", id="move_down", show=False, tooltip="Saved at once"),
        Binding("escape", "clear_search", "Clear search", id="clear_search", show=False),
        Binding("R", "restore", "Restore", id="restore", show=False, tooltip="Restore accounts from a backup"),
        Binding("v", "verify", "Verify again", id="verify", show=False, tooltip="Verify a restored account here"),
        Binding("x", "show_qr", "QR code", id="show_qr", show=False, tooltip="The selected account as a QR code"),
        Binding("X", "export", "Export", id="export", show=False, tooltip="Export for another app or a phone"),
    ]

    app: TuiauthApp

    def compose(self) -> ComposeResult:
        with StatusRow():
            yield Static(id="status", markup=False)
            yield BackupMarker()
        with Horizontal(id="search-row"):
            yield SearchField(placeholder="/ search: issuer, account, group or note", id="search", compact=True)
            yield SharedCountdown(id="countdown")
        config = self.app.services.config
        yield AccountList(
            self.app.timer,
            self.app.clock,
            hidden=config.hide_codes,
            reduced_motion=config.reduced_motion,
            glyphs=self.app.glyphs,
            id="accounts",
        )
        yield KeyBar()

    @property
    def vault(self) -> Vault:
        vault = self.app.services.vault
        assert vault is not None, "the accounts screen is only shown with an open vault"
        return vault

    @property
    def accounts(self) -> AccountList:
        return self.query_one(AccountList)

    def on_mount(self) -> None:
        self.accounts.set_accounts(self.vault.data.accounts)
        self.accounts.focus()
        self._update_status()
        self._show_countdown()

    def tick(self, now: float) -> None:
        # The app's timer can fire between pushing this screen and its compose (seen on a loaded
        # machine): until then there is no list to redraw.
        for accounts in self.query(AccountList):
            accounts.tick(now)
            self._show_countdown()

    def reload(self, keep: str | None = None) -> None:
        """Take the vault's accounts again (after a change), keeping the cursor on ``keep``."""
        self.accounts.set_accounts(self.vault.data.accounts, keep=keep)
        self._update_status()
        self._show_countdown()

    def _show_countdown(self) -> None:
        """The one countdown of the accounts sharing the common period (tuiauth/widgets/account_list.py)."""
        self.query_one(SharedCountdown).show(self.accounts.countdown_text())

    def _update_status(self) -> None:
        listing = self.accounts
        parts = [f"{len(listing.rows)} of {listing.total} accounts" if listing.total else "No accounts yet"]
        if listing.group is not None:
            parts.append(f"group: {listing.group}")
        if listing.hidden:
            parts.append("codes hidden (r reveals)")
        if not listing.total:
            parts.append("press a to add one")
        self.query_one("#status", Static).update(" · ".join(parts))

    # --- search --------------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.accounts.set_query(event.value)
            self._update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search field copies the selected match (the best one unless moved)."""
        if event.input.id == "search":
            self.accounts.focus()
            if self.accounts.rows:
                self.action_copy()

    def action_select(self, delta: int) -> None:
        self.accounts.action_cursor(delta)

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        self.accounts.set_query("")
        self.accounts.focus()
        self._update_status()

    # --- codes ---------------------------------------------------------------------------------
    def _selected(self) -> Account | None:
        account = self.accounts.selected
        if account is None:
            self.notify("No account is selected.", severity="warning", timeout=2)
        return account

    def action_copy(self) -> None:
        account = self._selected()
        if account is None:
            return
        method = self.app.methods.get(account.type)
        if method is not None and method.counter_based:
            self._generate(account, copy=True)
            return
        view = self.app.timer.view(account, self.app.clock())
        if not view.code:
            self.notify(f"{account.label}: {view.note or 'no code'}.", severity="warning")
            return
        self.app.copy_code(view.code, account.label)

    def action_generate(self) -> None:
        account = self._selected()
        if account is None:
            return
        method = self.app.methods.get(account.type)
        if method is None or not method.counter_based:
            self.notify(f"{account.label} is time-based: its code changes by itself.", timeout=3)
            return
        self._generate(account, copy=False)

    def _generate(self, account: Account, *, copy: bool) -> None:
        counter = account.counter
        now = self.app.clock()

        def done(code: str) -> None:
            self.app.timer.use_counter_code(account.id, counter, code)
            self.reload(keep=account.id)
            if copy:
                self.app.copy_code(code, account.label)

        self._in_vault(lambda v: account_ops.use_code(v, self.app.methods, account.id, now), done)

    def action_reveal(self) -> None:
        account = self._selected()
        if account is None:
            return
        if not self.accounts.hidden:
            self.notify("Codes are not hidden (h hides them).", timeout=2)
            return
        self.accounts.reveal(account.id, self.app.clock() + self.app.services.config.reveal_seconds)

    def action_toggle_hidden(self) -> None:
        self.accounts.hidden = not self.accounts.hidden
        self.accounts.revealed.clear()
        self.accounts.refresh()
        self._update_status()

    # --- organising ----------------------------------------------------------------------------
    def action_favourite(self) -> None:
        account = self._selected()
        if account is not None:
            favourite = not account.favourite
            self._in_vault(
                lambda v: account_ops.update_account(v, account.id, favourite=favourite),
                lambda a: self.reload(keep=a.id),
            )

    def action_next_group(self) -> None:
        groups = sorted({g for a in self.vault.data.accounts for g in a.groups})
        if not groups:
            self.notify("No account has a group yet (edit an account to give it some).", timeout=3)
            return
        cycle: list[str | None] = [None, *groups]
        current = self.accounts.group
        position = cycle.index(current) if current in cycle else 0
        self.accounts.set_group(cycle[(position + 1) % len(cycle)])
        self._update_status()

    def action_move(self, delta: int) -> None:
        account = self._selected()
        rows = self.accounts.rows
        target = self.accounts.cursor + delta
        if account is None or not 0 <= target < len(rows):
            return
        neighbour = rows[target]
        if neighbour.favourite != account.favourite:
            self.notify("Favourites stay above the other accounts.", timeout=2)
            return
        order = self.vault.data.accounts
        places = order.index(neighbour) - order.index(account)
        self._in_vault(
            lambda v: account_ops.move_account(v, account.id, places), lambda _: self.reload(keep=account.id)
        )

    # --- add, edit, delete --------------------------------------------------------------------------
    # The dialogs are imported when first opened: they are not needed for the first frame, and
    # start-up time is measured (benchmarks/tui_startup.py).
    def action_add(self) -> None:
        from .account_form import AccountFormScreen

        self.app.push_screen(AccountFormScreen(), self._after_form)

    def action_restore(self) -> None:
        from .restore_location import RestoreLocationScreen

        self.app.push_screen(RestoreLocationScreen())

    def action_verify(self) -> None:
        """The method's re-verification flow for a restored device-bound account."""
        from ..core.restore import needs_verification
        from .restore_reverify import ReverifyScreen

        account = self._selected()
        if account is None:
            return
        if not needs_verification(self.vault.data, account, self.app.methods):
            self.notify(f"{account.label} does not need verification on this device.", timeout=3)
            return
        self.app.push_screen(ReverifyScreen(account.id), lambda _: self._after_form(account))

    def action_edit(self) -> None:
        from .account_form import AccountFormScreen

        account = self._selected()
        if account is not None:
            self.app.push_screen(AccountFormScreen(account), self._after_form)

    def _after_form(self, account: Account | None) -> None:
        if account is not None:
            self.app.timer.forget(account.id)
            self.reload(keep=account.id)

    def action_delete(self) -> None:
        from .confirm import ConfirmScreen

        account = self._selected()
        if account is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._in_vault(lambda v: account_ops.remove_account(v, account.id), self._deleted)

        question = f"Delete {account.label}?"
        days = trash.KEEP_SECONDS // 86400
        detail = f"It moves to the trash for {days} days (T shows the trash, where Enter restores it)."
        self.app.push_screen(ConfirmScreen(question, detail, yes="Delete"), confirmed)

    def _deleted(self, account: Account) -> None:
        self.app.timer.forget(account.id)
        self.reload()
        self.notify(f"Deleted {account.label}.", timeout=3)

    # --- for a phone or another app ------------------------------------------------------------------
    def action_show_qr(self) -> None:
        from .qr import show_account_qr

        account = self._selected()
        if account is not None:
            show_account_qr(self.app, account, hidden=self.accounts.hidden)

    def action_export(self) -> None:
        from .export import ExportScreen

        self.app.push_screen(ExportScreen(hidden=self.accounts.hidden))

    # --- running a change in a worker ------------------------------------------------------------------
    def _in_vault(self, job: Callable[[Vault], T], then: Callable[[T], None]) -> None:
        vault = self.vault
        self.app.jobs.run(
            self, "Saving the change", lambda: job(vault), then, self._not_saved, group="vault", writes_vault=True
        )

    def _not_saved(self, error: TuiauthError) -> None:
        self.notify(error.message, title="Not saved", severity="error")
