"""QR codes for a phone, one batch at a time: the code on the left, what it holds and the keys beside.

The code may take every row of an 80×24 terminal: the text goes to its right, in the columns the
largest code leaves free (:data:`SIDE`). The codes carry secrets: they are shown only after a
confirm that names what they hold, start hidden in the hidden-codes mode, and are forgotten when the
screen closes — also when the app locks, which closes every screen above the accounts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..core import exporting
from ..core.accounts import Account
from ..core.errors import AccountError
from ..core.otpauth import to_uri
from ..core.specs.exporters import QrBatch, QrExport
from ..widgets.qr_view import QrView
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ..app import TuiauthApp

#: Columns beside the code: 80 minus the largest code an export batch may be (47).
SIDE = 33
ACCOUNT_HINT = "Scan it with the authenticator app on the phone (add account, scan a QR code)."
HIDDEN = "The QR code is hidden{why}. Press {key} to show it."
HIDDEN_MODE = " (codes are hidden while you share the screen)"


class QrScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,enter,right,pagedown", "step(1)", "Next", id="qr_next", tooltip="The next QR code"),
        Binding("p,left,pageup", "step(-1)", "Previous", id="qr_previous", tooltip="The previous QR code"),
        Binding("h", "hide", "Hide", id="qr_hide", tooltip="Hide the QR code (screen sharing)"),
        Binding("r", "reveal", "Show", id="qr_show", tooltip="Show the hidden QR code"),
        Binding("escape,q", "close", "Close", id="close_qr", tooltip="Close: the code leaves the screen"),
    ]
    DEFAULT_CSS = f"""
    QrScreen {{ layout: horizontal; }}
    #qr-side {{ width: {SIDE}; height: 100%; padding: 0 1 0 1; }}
    #qr-title {{ text-style: bold; }}
    #qr-keys {{ color: $text-muted; margin-top: 1; }}
    """

    app: TuiauthApp

    def __init__(self, plan: QrExport, *, hidden: bool = False) -> None:
        super().__init__()
        self.plan: QrExport | None = plan
        self.index = 0
        self.hidden = hidden
        self.hidden_by_mode = hidden

    def compose(self) -> ComposeResult:
        yield QrView(beside=SIDE, id="qr-code")
        with VerticalScroll(id="qr-side", can_focus=False):
            yield Static(id="qr-title")
            yield Static(id="qr-text")
            yield Static(id="qr-keys")

    def on_mount(self) -> None:
        self._show()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The text beside the code when the code fits; otherwise the message takes every column."""
        view = self.query_one(QrView)
        self.query_one("#qr-side").display = view.fits or view.hidden
        view.refresh()

    def on_unmount(self) -> None:
        """Forget the codes: nothing of them stays in memory once the screen is gone."""
        self.plan = None

    def _show(self) -> None:
        plan = self.plan
        if plan is None:
            return
        view = self.query_one(QrView)
        batch = plan.batches[self.index]
        view.show(batch.text)
        if self.hidden:
            view.hide(HIDDEN.format(why=HIDDEN_MODE if self.hidden_by_mode else "", key=self._key("qr_show")))
        self.query_one("#qr-title", Static).update(Content(plan.title))
        self.query_one("#qr-text", Static).update(Content("\n".join(self._about(plan, batch))))
        self.refresh_bindings()
        self.query_one("#qr-keys", Static).update(Content("\n".join(self._keys())))
        self._fit()

    def _about(self, plan: QrExport, batch: QrBatch) -> list[str]:
        lines = [f"batch {self.index + 1} of {len(plan.batches)}", ""] if len(plan.batches) > 1 else [""]
        lines += [account.label for account in batch.accounts]
        lines += ["", plan.hint]
        if plan.skipped:
            lines += ["", f"Left out ({len(plan.skipped)}):", *exporting.skipped_lines(plan)]
        return lines

    def _key(self, binding_id: str) -> str:
        """The first key bound to ``binding_id`` here, as the keymap names it."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return ""

    def _keys(self) -> list[str]:
        """The keys that do something now."""
        keys = []
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding) and binding.id
            if self.check_action(binding.action.partition("(")[0], ()):
                keys.append(f"{self._key(binding.id)}  {binding.description}")
        return keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Next and previous only with several codes; hide or show, whichever applies."""
        if action == "step":
            return self.plan is not None and len(self.plan.batches) > 1
        if action == "hide":
            return not self.hidden
        if action == "reveal":
            return self.hidden
        return True

    def action_step(self, delta: int) -> None:
        if self.plan is None:
            return
        index = min(max(self.index + delta, 0), len(self.plan.batches) - 1)
        if index != self.index:
            self.index = index
            self._show()

    def action_hide(self) -> None:
        self.hidden, self.hidden_by_mode = True, False
        self._show()

    def action_reveal(self) -> None:
        self.hidden, self.hidden_by_mode = False, False
        self._show()

    def action_close(self) -> None:
        self.query_one(QrView).clear()
        self.dismiss()


def show_account_qr(app: TuiauthApp, account: Account, *, hidden: bool) -> None:
    """Ask (naming the account), then show its otpauth URI as a QR code; Escape cancels."""
    try:
        uri = to_uri(account, app.methods, short=True)
    except AccountError as exc:
        app.notify(f"{account.label} cannot be shown as a QR code: {exc.message}.", severity="warning")
        return
    plan = QrExport(title="QR code of one account", hint=ACCOUNT_HINT, batches=[QrBatch(uri, (account,))])

    def confirmed(yes: bool | None) -> None:
        if yes:
            app.push_screen(QrScreen(plan, hidden=hidden))

    question = f"Show the secret of {account.label} on screen as a QR code?"
    detail = "Anyone who sees the code, or a photo of it, can make this account's codes. Escape closes it."
    app.push_screen(ConfirmScreen(question, detail, yes="Show"), confirmed)
