"""Import another app's export: the file (Tab completes), its format (detected, or chosen from the
list), its password when encrypted, then a review of every entry and one all-or-nothing import.

Reading, decrypting (which may run an expensive KDF) and saving run as jobs of the app's runner
(``tuiauth/controllers/jobs.py``) with a progress bar; the screen stays live and every failure is a
message in it. Escape leaves without any change.
The screen is dismissed with the accounts added (None when nothing was imported).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, ProgressBar, Select, Static

from ..core import importing
from ..core.accounts import Account
from ..core.errors import ImportFormatError, ImportPasswordError, TuiauthError
from ..core.importing import Review
from ..core.specs import ImporterSpec
from ..widgets.import_review import ImportReview
from ..widgets.path_input import PathInput
from .account_form import sentence

if TYPE_CHECKING:
    from ..app import TuiauthApp

T = TypeVar("T")

START_HINT = "Type the path of another app's export and press Enter (Tab completes the path)."
CONFLICT_HINT = (
    "A conflict has the name of an account in the vault but another secret: if you select it, it is added "
    "beside that account, which stays as it is."
)


def plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def summary(review: Review, chosen: int) -> str:
    """One line: what the file holds and how many entries are chosen."""
    parts = [f"{review.count('new')} new", plural(review.count("duplicate"), "duplicate")]
    parts += [plural(review.count("conflict"), "conflict"), plural(len(review.problems), "problem")]
    held = f"{plural(len(review.items) + len(review.problems), 'entry', 'entries')}: "
    if not chosen:
        return held + ", ".join(parts) + " — nothing selected to import."
    return held + ", ".join(parts) + f" — {chosen} selected; ctrl+s imports them (all or nothing)."


def chosen_plan(review: Review, chosen: set[int]) -> tuple[Review, set[int]]:
    """The review minus the new entries the user left out, and the conflicts chosen (for ``apply_import``)."""
    items = [i for i in review.items if i.status != "new" or i.index in chosen]
    conflicts = {i.index for i in review.items if i.status == "conflict" and i.index in chosen}
    return Review(format=review.format, items=items, problems=review.problems), conflicts


class ImportScreen(ModalScreen[list[Account] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "Import", id="apply_import", priority=True, tooltip="Import the selected"),
        Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Leave without importing anything"),
    ]
    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    #import-panel { width: 100%; height: 100%; background: $surface; padding: 0 1; }
    #import-panel .import-title { text-style: bold; color: $accent; }
    #import-panel .import-row { height: 1; margin-top: 1; }
    #import-panel .import-label { width: 10; }
    #import-panel .import-row Input, #import-panel .import-row Select { width: 1fr; }
    #path-matches { padding-left: 10; color: $text-muted; max-height: 2; }
    #import-progress { height: 1; margin-top: 1; }
    #import-progress ProgressBar { width: 24; }
    #import-message { margin-top: 1; }
    #import-message.error { color: $text-error; text-style: bold; }
    #import-review { height: 1fr; margin-top: 1; }
    #import-summary { text-style: bold; }
    """

    app: TuiauthApp

    def __init__(self) -> None:
        super().__init__()
        self.importers: dict[str, ImporterSpec] = {}
        self.data: bytes | None = None
        self.spec: ImporterSpec | None = None
        self.review: Review | None = None
        self.busy = ""

    # --- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.importers = self.app.services.plugins.importers()
        formats = [(Text(spec.label), name) for name, spec in sorted(self.importers.items(), key=lambda i: i[1].label)]
        with Vertical(id="import-panel"):
            yield Static("Import accounts from another app", classes="import-title")
            with Horizontal(classes="import-row"):
                yield Label("File", classes="import-label")
                yield PathInput(placeholder="~/Downloads/export.json", id="import-path")
            yield Static(id="path-matches")
            with Horizontal(classes="import-row"):
                yield Label("Format", classes="import-label")
                yield Select(formats, prompt="detected from the file", id="import-format", compact=True)
            with Horizontal(classes="import-row", id="key-file-row"):
                yield Label("Key file", classes="import-label")
                yield PathInput(placeholder="optional: the database's key file, then Tab", id="import-key-file")
            with Horizontal(classes="import-row", id="password-row"):
                yield Label("Password", classes="import-label")
                yield Input(password=True, placeholder="the export's password, then Enter", id="import-password",
                            compact=True)  # fmt: skip
            with Horizontal(id="import-progress"):
                yield ProgressBar(total=None, show_eta=False, show_percentage=False)
                yield Static(id="progress-label")
            yield Static(START_HINT, id="import-message")
            yield ImportReview(id="import-review")
            yield Static(id="import-summary")
        yield Footer()

    def on_mount(self) -> None:
        for selector in (
            "#path-matches",
            "#key-file-row",
            "#password-row",
            "#import-progress",
            "#import-review",
            "#import-summary",
        ):
            self.query_one(selector).display = False
        self.query_one("#import-path", PathInput).focus()

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#import-message", Static)
        message.update(Content(text))
        message.set_class(error, "error")
        message.display = bool(text)

    def _ask_password(self, text: str, *, error: bool = False) -> None:
        """Show the password field (and the key-file field for a format a key file opens too)."""
        self.query_one("#key-file-row").display = self.spec is not None and self.spec.parse_with_key_file is not None
        self.query_one("#password-row").display = True
        field = self.query_one("#import-password", Input)
        field.value = ""
        field.focus()
        self._say(text, error=error)

    # --- the file and its format ---------------------------------------------------------------
    def on_path_input_matches(self, event: PathInput.Matches) -> None:
        matches = self.query_one("#path-matches", Static)
        shown = event.matches[:40]
        more = f"  (+{len(event.matches) - len(shown)} more)" if len(event.matches) > len(shown) else ""
        matches.update(Content("  ".join(shown) + more))
        matches.display = bool(event.matches)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "import-path":
            return
        self.query_one("#path-matches").display = False
        if self.data is not None or self.review is not None:
            self._forget_file()

    def _forget_file(self) -> None:
        """A new path: the previous file's format, password and review no longer apply."""
        self.workers.cancel_group(self, "import")
        self.data, self.spec, self.review, self.busy = None, None, None, ""
        with self.prevent(Select.Changed):
            self.query_one("#import-format", Select).clear()
        self.query_one("#import-password", Input).value = ""
        self.query_one("#import-key-file", PathInput).value = ""
        for selector in ("#key-file-row", "#password-row", "#import-progress", "#import-review", "#import-summary"):
            self.query_one(selector).display = False
        self._say(START_HINT)
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "import-path":
            self.query_one("#path-matches").display = False
            if not event.value.strip():
                self._say("Type the path of the export first (Tab completes it).", error=True)
                return
            self._read(Path(event.value.strip()).expanduser())
        elif event.input.id == "import-key-file":
            self.query_one("#import-password", Input).focus()
        elif event.input.id == "import-password" and self.spec is not None and self.data is not None:
            key_file = self._key_file_path()
            if not event.value and not key_file:
                self._say("Type the export's password first.", error=True)
            else:
                self._parse(self.spec, self.data, event.value or None, key_file)

    def _key_file_path(self) -> str:
        """The key file typed for a format a key file opens (KeePass), or ""."""
        if not self.query_one("#key-file-row").display:
            return ""
        return self.query_one("#import-key-file", PathInput).value.strip()

    def _read(self, path: Path) -> None:
        importers = self.importers

        def job() -> tuple[bytes, ImporterSpec | None, bool]:
            data = importing.read_import_path(path)
            try:
                spec = importing.detect_format(importers, data, path.name, warn=self._plugin_failed)
            except ImportFormatError:
                return data, None, False
            return data, spec, importing.needs_password(spec, data)

        def done(found: tuple[bytes, ImporterSpec | None, bool]) -> None:
            self.data, spec, locked = found
            if spec is None:
                self._say(
                    f"tuiauth cannot tell which app wrote {path.name}. Choose its format in the Format list "
                    "(Enter opens it), or another file.",
                    error=True,
                )
                self.query_one("#import-format", Select).focus()
                return
            with self.prevent(Select.Changed):
                self.query_one("#import-format", Select).value = spec.name
            self._ready(spec, locked)

        self._run(f"Reading {path.name}…", job, done, self._read_failed)

    def _plugin_failed(self, message: str) -> None:
        """An importer's plugin failed while the file's format was being found (in the job's thread)."""
        self.app.call_from_thread(self.app.notify, message, title="Plugin failed", severity="error", timeout=10)

    def _read_failed(self, error: TuiauthError) -> None:
        self._say(sentence(error.message), error=True)
        self.query_one("#import-path", PathInput).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "import-format" or event.select.is_blank():
            return
        spec, data = self.importers[str(event.value)], self.data
        if data is None:
            self._say(f"Format: {spec.label}. Now type the file's path and press Enter.")
            return
        self.review = None
        self.query_one("#import-review").display = False
        self.query_one("#import-summary").display = False
        self._run(
            "Checking the file…",
            lambda: importing.needs_password(spec, data),
            lambda locked: self._ready(spec, locked),
            self._parse_failed,
        )

    def _ready(self, spec: ImporterSpec, locked: bool) -> None:
        """The format is known: ask for the password when the file is encrypted, else read it."""
        self.spec = spec
        if locked:
            self._ask_password(f"This {spec.label} export is encrypted: type its password, then Enter.")
        else:
            self.query_one("#password-row").display = False
            self.query_one("#key-file-row").display = False
            assert self.data is not None
            self._parse(spec, self.data, None)

    # --- reading the entries -------------------------------------------------------------------
    def _parse(self, spec: ImporterSpec, data: bytes, password: str | None, key_path: str = "") -> None:
        vault = self.app.services.vault
        assert vault is not None, "the import screen is only shown with an open vault"

        def job() -> Review:
            key_file = importing.read_import_file(Path(key_path).expanduser()) if key_path else None
            result = importing.parse_with(spec, data, password, key_file)
            return importing.review(spec, result, list(vault.data.accounts), self.app.methods)

        doing = "Decrypting and reading" if password or key_path else "Reading"
        self._run(f"{doing} the {spec.label} export…", job, self._reviewed, self._parse_failed)

    def _parse_failed(self, error: TuiauthError) -> None:
        if isinstance(error, ImportPasswordError):
            typed = bool(self.query_one("#import-password", Input).value or self._key_file_path())
            self._ask_password(sentence(error.message) + (" Try again." if typed else ""), error=True)
            return
        self._say(f"{sentence(error.message)} Choose another format in the list, or another file.", error=True)
        self.query_one("#import-format", Select).focus()

    def _reviewed(self, review: Review) -> None:
        self.review = review
        self.query_one("#import-password", Input).value = ""
        self._say(CONFLICT_HINT if review.count("conflict") else "")
        listing = self.query_one(ImportReview)
        listing.display = True
        self.query_one("#import-summary").display = True
        listing.show_review(review)
        listing.focus()
        self.refresh_bindings()

    def on_import_review_changed(self, event: ImportReview.Changed) -> None:
        if self.review is not None:
            chosen = len(self.query_one(ImportReview).chosen)
            self.query_one("#import-summary", Static).update(Content(summary(self.review, chosen)))

    # --- importing -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Import only once a review is shown (greyed out before)."""
        if action == "apply":
            return True if self.review is not None and not self.busy else None
        return True

    def action_apply(self) -> None:
        review, vault = self.review, self.app.services.vault
        if review is None or vault is None or self.busy:
            return
        chosen = self.query_one(ImportReview).chosen
        if not chosen:
            self._say("Nothing is selected: space includes the entry under the cursor.", error=True)
            return
        plan, conflicts = chosen_plan(review, chosen)
        methods = self.app.methods
        self._run(
            f"Saving {plural(len(chosen), 'account')} to the vault…",
            lambda: importing.apply_import(vault, plan, methods, conflicts),
            lambda outcome: self._imported(outcome.added, outcome.skipped_duplicates),
            self._apply_failed,
            writes_vault=True,
        )

    def _apply_failed(self, error: TuiauthError) -> None:
        text = sentence(error.message)
        self._say(text if "nothing was imported" in text else f"{text} Nothing was imported.", error=True)

    def _imported(self, added: list[Account], duplicates: int) -> None:
        source = self.spec.label if self.spec else "the file"
        skipped = f"; {plural(duplicates, 'duplicate')} skipped" if duplicates else ""
        self.app.notify(f"Imported {plural(len(added), 'account')} from {source}{skipped}.", title="Imported")
        self.dismiss(added)

    def action_cancel(self) -> None:
        if self.busy.startswith("Saving"):
            self._say("Saving: the import finishes in a moment.")
            return
        self.workers.cancel_group(self, "import")
        self.dismiss(None)

    # --- running a step in a worker ------------------------------------------------------------
    def _run(
        self,
        label: str,
        job: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[TuiauthError], None],
        *,
        writes_vault: bool = False,
    ) -> None:
        """Run ``job`` as a job of the app's runner with the progress bar showing ``label``; a newer
        step replaces it."""
        self.busy = label
        self.query_one("#progress-label", Static).update(Content(f" {label}"))
        self.query_one("#import-progress").display = True
        self._say("")
        self.refresh_bindings()

        self.app.jobs.run(
            self,
            label.rstrip("…"),
            job,
            lambda value: self._finish(label, partial(done, value)),
            lambda error: self._finish(label, partial(failed, error)),
            group="import",
            exclusive=True,
            writes_vault=writes_vault,
        )

    def _finish(self, label: str, outcome: Callable[[], None]) -> None:
        if not self.is_attached or self.busy != label:
            return
        self.busy = ""
        self.query_one("#import-progress").display = False
        self.refresh_bindings()
        outcome()
