"""Export every account for another app: choose a format (the exporter plugins), then a file — created
0600 and never overwritten, as ``tuiauth export`` does — or, for a format a phone scans, QR codes
shown batch by batch (``QrScreen``). Secrets in the clear are written or shown only after a confirm
that says how many accounts; the export runs in a thread worker and every failure is a message here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..core import exporting
from ..core.accounts import Account
from ..core.specs.exporters import ExporterSpec, QrExport
from ..widgets.key_bar import KeyBar
from ..widgets.path_input import PathInput
from .account_form import sentence
from .confirm import ConfirmScreen
from .import_accounts import plural
from .qr import QrScreen

if TYPE_CHECKING:
    from ..app import TuiauthApp

T = TypeVar("T")


class ExportScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s", "export", "Export", id="apply_export", priority=True, tooltip="Write the file or show the codes"
        ),
        Binding("escape", "cancel", "Cancel", id="cancel_export", tooltip="Leave without exporting"),
    ]
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    #export-panel { width: 100%; height: 100%; background: $surface; padding: 0 1; }
    #export-panel .export-title { text-style: bold; color: $accent; }
    #export-formats { height: auto; max-height: 8; margin-top: 1; }
    #export-about { color: $text-muted; }
    #export-panel .export-row { height: 1; margin-top: 1; }
    #export-panel .export-label { width: 10; }
    #export-panel .export-row Input { width: 1fr; }
    #export-message { margin-top: 1; }
    #export-message.error { color: $text-error; text-style: bold; }
    """

    app: TuiauthApp

    def __init__(self, *, hidden: bool = False) -> None:
        """``hidden``: the hidden-codes mode is on (QR codes then start hidden)."""
        super().__init__()
        self.hidden = hidden
        self.exporters: dict[str, ExporterSpec] = {}
        self.busy = False
        self._default_path = ""

    def compose(self) -> ComposeResult:
        self.exporters = self.app.services.plugins.exporters()
        specs = sorted(self.exporters.values(), key=lambda spec: spec.label.casefold())
        with Vertical(id="export-panel"):
            yield Static("Export accounts for another app or a phone", classes="export-title")
            yield Static(id="export-count", markup=False)
            yield OptionList(*(Option(Text(spec.label), id=spec.name) for spec in specs), id="export-formats")
            yield Static(id="export-about")
            with Horizontal(classes="export-row", id="path-row"):
                yield Label("File", classes="export-label")
                yield PathInput(id="export-path")
            with Horizontal(classes="export-row", id="password-row"):
                yield Label("Password", classes="export-label")
                yield Input(password=True, placeholder="a password for the export", id="export-password", compact=True)
            with Horizontal(classes="export-row", id="repeat-row"):
                yield Label("Repeat", classes="export-label")
                yield Input(password=True, placeholder="the same password", id="export-repeat", compact=True)
            yield Static(id="export-message")
        yield KeyBar()

    def on_mount(self) -> None:
        count = plural(len(self.accounts), "account")
        self.query_one("#export-count", Static).update(f"Every account in this vault: {count}.")
        formats = self.query_one("#export-formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    @property
    def accounts(self) -> list[Account]:
        vault = self.app.services.vault
        assert vault is not None, "the export screen is only shown with an open vault"
        return list(vault.data.accounts)

    @property
    def spec(self) -> ExporterSpec | None:
        option = self.query_one("#export-formats", OptionList).highlighted_option
        return None if option is None or option.id is None else self.exporters[option.id]

    def _say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#export-message", Static)
        message.update(Content(text))
        message.set_class(error, "error")

    # --- choosing ------------------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        spec = self.spec
        if spec is None:
            return
        shown = "Shown on screen as QR codes, one batch at a time." if spec.qr else "Written to a file (mode 0600)."
        self.query_one("#export-about", Static).update(Content(f"{spec.description} {shown}".strip()))
        self.query_one("#path-row").display = spec.qr is None
        for row in ("#password-row", "#repeat-row"):
            self.query_one(row).display = spec.supports_password
        path = self.query_one("#export-path", PathInput)
        if path.value in ("", self._default_path):
            self._default_path = f"~/tuiauth-{spec.name}{spec.extension}"
            path.value = self._default_path
        self._say("")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        spec = self.spec
        if spec is not None and spec.qr is None:
            self.query_one("#export-path", PathInput).focus()
        else:
            self.action_export()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_export()

    # --- exporting -----------------------------------------------------------------------------
    def action_export(self) -> None:
        spec, accounts = self.spec, self.accounts
        if spec is None or self.busy:
            return
        if not accounts:
            self._say("This vault holds no account to export.", error=True)
            return
        if spec.qr is not None:
            self._run("Making the QR codes…", lambda: exporting.run_qr(spec, accounts), self._confirm_codes)
            return
        path, password = self._path_and_password(spec)
        if path is None:
            return
        if password is None and spec.plaintext_secrets:
            question = f"Write {plural(len(accounts), 'account')} with their secrets in the clear?"
            detail = f"{path}\nAnyone who can read it can make your codes: delete it once imported (only you can)."
            self._confirm(question, detail, "Write", lambda: self._write(spec, accounts, path, password))
            return
        self._write(spec, accounts, path, password)

    def _path_and_password(self, spec: ExporterSpec) -> tuple[Path | None, str | None]:
        """The file to create and the password (None: none given); (None, None) after a message."""
        typed = self.query_one("#export-path", PathInput).value.strip()
        if not typed:
            self._say("Type the path of the file to create.", error=True)
            self.query_one("#export-path", PathInput).focus()
            return None, None
        path = Path(typed).expanduser()
        if path.exists():
            self._say(f"That file already exists: choose another name (an export never replaces one). {path}", True)
            self.query_one("#export-path", PathInput).focus()
            return None, None
        password = self.query_one("#export-password", Input).value if spec.supports_password else ""
        if password != (self.query_one("#export-repeat", Input).value if spec.supports_password else ""):
            self._say("The two passwords differ: type the same password twice.", error=True)
            self.query_one("#export-repeat", Input).focus()
            return None, None
        if not password and not spec.plaintext_secrets:
            self._say(f"The {spec.label} format needs a password: type one twice.", error=True)
            self.query_one("#export-password", Input).focus()
            return None, None
        return path, password or None

    def _confirm(self, question: str, detail: str, yes: str, then: Callable[[], None]) -> None:
        def answered(confirmed: bool | None) -> None:
            if confirmed:
                then()
            else:
                self._say("Nothing was exported.")

        self.app.push_screen(ConfirmScreen(question, detail, yes=yes), answered)

    def _write(self, spec: ExporterSpec, accounts: list[Account], path: Path, password: str | None) -> None:
        def job() -> None:
            exporting.write_new_file(path, exporting.run_export(spec, accounts, password))

        done = f"Exported {plural(len(accounts), 'account')} to {path} ({spec.label}, readable by you only)."
        self._run(f"Writing {path}…", job, lambda _: self._finished(done))

    def _finished(self, message: str) -> None:
        self.app.notify(message, title="Exported")
        self.dismiss()

    def _confirm_codes(self, plan: QrExport) -> None:
        """Ask before the codes go on screen, saying how many accounts they hold and who is left out."""
        held = sum(len(batch.accounts) for batch in plan.batches)
        codes = "1 QR code" if len(plan.batches) == 1 else f"{len(plan.batches)} QR codes"
        question = f"Show the secrets of {plural(held, 'account')} on screen as {codes} ({plan.title})?"
        detail = "Anyone who sees the codes, or a photo of them, can make your codes. Escape closes them."
        if plan.skipped:
            detail += f" {plural(len(plan.skipped), 'account')} cannot be carried: listed beside the codes."

        def show() -> None:
            self.app.push_screen(QrScreen(plan, hidden=self.hidden), lambda _: self.dismiss())

        self._confirm(question, detail, "Show", show)

    def _run(self, label: str, job: Callable[[], T], done: Callable[[T], None]) -> None:
        """Run ``job`` as a job of the app's runner; ``done`` gets its result, a failure becomes the
        message."""
        self.busy = True
        self._say(label)
        self.app.jobs.run(
            self,
            label.rstrip("…"),
            job,
            lambda result: self._done(done, result),
            lambda error: self._failed(error.message),
            group="export",
            exclusive=True,
        )

    def _done(self, done: Callable[[T], None], result: T) -> None:
        self.busy = False
        self._say("")
        done(result)

    def _failed(self, message: str) -> None:
        self.busy = False
        self._say(f"{sentence(message)} Nothing was exported.", error=True)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss()
