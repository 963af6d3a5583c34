"""Verify a device-bound account again on this device, driven by the core's
``Reverification`` state machine and the method plugin's flows, which are data: a list of ways (a new
enrollment QR/URI from the provider, or the account password plus a second proof), each a series of
forms drawn by the form renderer. Each answer goes to the plugin in a worker; the next form, the
failure (with "try again") or the success (new device keys: codes differ from the old device's) follows.

Opened from the restore's last screen and from the accounts screen (key v on such an account).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..controllers.restore_flow import vault_job
from ..core.errors import TuiauthError
from ..core.restore import Reverification, ReverifyState
from ..widgets.form_renderer import FormRenderer
from ..widgets.key_bar import KeyBar
from ..widgets.restore_progress import RestoreProgress

if TYPE_CHECKING:
    from ..app import TuiauthApp


class ReverifyScreen(Screen[bool]):
    """Dismissed with True once the account is verified here."""

    DEFAULT_CSS = """
    ReverifyScreen #flows {
        height: auto;
        max-height: 6;
        margin-top: 1;
    }
    ReverifyScreen #reverify-message {
        margin-top: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Continue", id="reverify_submit", priority=True, tooltip="Send this step"),
        Binding("ctrl+r", "retry", "Try again", id="reverify_retry", priority=True, tooltip="Start the way again"),
        Binding("escape", "close", "Back", id="reverify_close", tooltip="Stop; the account still needs verification"),
    ]

    app: TuiauthApp

    def __init__(self, account_id: str) -> None:
        super().__init__()
        self.account_id = account_id
        self.session: Reverification | None = None

    def compose(self) -> ComposeResult:
        vault = self.app.services.vault
        assert vault is not None, "re-verification needs an open vault"
        account = vault.data.find_by_id(self.account_id)
        with VerticalScroll(classes="panel"):
            label = account.label if account else "the account"
            yield Static(f"Verify {label} on this device", classes="title", markup=False)
            yield Static(id="reverify-intro", classes="hint", markup=False)
            yield OptionList(id="flows", markup=False)
            yield Static(id="reverify-prompt", markup=False)
            with Vertical(id="step"):
                yield FormRenderer((), id="reverify-form")
            yield Static(id="reverify-message", markup=False)
        yield RestoreProgress()
        yield KeyBar()

    def on_mount(self) -> None:
        vault = self.app.services.vault
        assert vault is not None
        try:
            self.session = Reverification.start(vault, self.account_id, self.app.methods)
        except TuiauthError as exc:
            self._say(f"{exc.message[:1].upper()}{exc.message[1:]}.", error=True)
            self.query_one("#flows").display = False
            return
        session = self.session
        self.query_one("#reverify-intro", Static).update(
            f"{session.method.label} keys belong to one device and never travel in a backup. Prove it is you "
            "with one of these ways; afterwards this device has new keys, so its codes and approvals differ "
            "from the old device's."
        )
        flows = self.query_one("#flows", OptionList)
        for flow in session.flows:
            flows.add_option(Option(f"{flow.label}" + (f" — {flow.description}" if flow.description else "")))
        flows.highlighted = 0
        flows.focus()

    def _say(self, text: str, *, error: bool = False) -> None:
        box = self.query_one("#reverify-message", Static)
        box.update(text)
        box.set_class(error, "error")

    async def _show_step(self) -> None:
        session = self.session
        assert session is not None and session.step is not None
        self.query_one("#reverify-prompt", Static).update(session.step.prompt)
        await self.query_one("#reverify-form", FormRenderer).remove()
        form = FormRenderer(session.step.fields, id="reverify-form")
        await self.query_one("#step").mount(form)
        if form.fields:
            form.control(form.fields[0].name).focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        session = self.session
        if session is None or session.state == "in-progress" or session.state == "verified":
            return
        session.begin(session.flows[event.option_index].name)
        self.query_one("#flows").display = False
        self._say("")
        await self._show_step()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        session = self.session
        progress = self.query_one(RestoreProgress)
        if session is None or session.state != "in-progress" or progress.running:
            return
        form = self.query_one("#reverify-form", FormRenderer)
        if not form.check():
            return
        values = form.values()
        label = f"Asking the {session.method.label} provider"
        progress.start(label)
        vault_job(self.app, label, lambda: session.submit(values), self._answered, self._failed)

    def _answered(self, state: ReverifyState) -> None:
        session = self.session
        assert session is not None
        self.query_one(RestoreProgress).stop()
        if state == "in-progress":
            self._say("")
            self.call_later(self._show_step)
        elif state == "verified":
            self.app.timer.forget(self.account_id)
            self.query_one("#step").display = False
            self.query_one("#reverify-prompt").display = False
            self._say(f"✓ {session.message[:1].upper()}{session.message[1:]}. Esc: back.")
        else:
            self._say(f"{session.message[:1].upper()}{session.message[1:]}. Ctrl+r: try again.", error=True)

    def _failed(self, message: str) -> None:
        self.query_one(RestoreProgress).stop()
        self._say(f"{message[:1].upper()}{message[1:]}.", error=True)

    async def action_retry(self) -> None:
        session = self.session
        if session is None or session.state != "failed":
            return
        session.retry()
        self._say("")
        await self._show_step()

    def action_close(self) -> None:
        self.dismiss(self.session is not None and self.session.state == "verified")
