"""A damaged vault: choose one of the previous copies kept beside it (newest first, with the time
each was saved), unlock it with the password, and it takes the vault's place — the damaged file is
kept aside under a new name. How many accounts a copy holds shows once it is open."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.vault import Vault
from ..core.vaultcopies import PreviousCopy, previous_copies, restore_copy
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from pathlib import Path

    from ..app import TuiauthApp


class PreviousCopiesScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="copies_back"),
    ]

    app: TuiauthApp

    def __init__(self) -> None:
        super().__init__()
        self.copies: list[PreviousCopy] = []
        self.chosen: PreviousCopy | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Open a previous copy", classes="title")
            yield Static(
                "tuiauth keeps the last versions of the vault beside it. Choose one (newest first) and "
                "unlock it with your password: it becomes the vault, and the damaged file is kept aside.",
                markup=False,
            )
            yield OptionList(id="copies")
            yield Static("Password", id="prompt")
            yield Input(password=True, placeholder="Password of the copy", id="secret")
            yield Static(id="message", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.copies = previous_copies(self.app.services.paths.vault_file)
        options = self.query_one("#copies", OptionList)
        for c in self.copies:
            text = f"{c.number}  saved {c.when}" + (f"  — unusable: {c.problem}" if c.problem else "")
            options.add_option(Option(Content(text), id=str(c.number), disabled=bool(c.problem)))
        self.query_one("#prompt").display = False
        self.query_one("#secret").display = False
        if not self.copies:
            self._say("There is no previous copy beside the vault: Esc goes back (Start recovery restores a backup).")
        usable = [i for i, c in enumerate(self.copies) if not c.problem]
        if usable:
            options.highlighted = usable[0]
        options.focus()

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.chosen = next(c for c in self.copies if str(c.number) == event.option.id)
        self.query_one("#prompt", Static).update(f"Password for the copy saved {self.chosen.when}")
        self.query_one("#prompt").display = True
        field = self.query_one("#secret", Input)
        field.display = True
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.chosen is None or not event.value:
            self._say("Type your password first.")
            return
        event.input.disabled = True
        self._say("Deriving the key…")
        self._open(self.chosen, event.value)

    def _open(self, copy: PreviousCopy, password: str) -> None:
        path = self.app.services.paths.vault_file
        self.app.jobs.run(
            self,
            "Opening the previous copy",
            lambda: restore_copy(path, copy.number, password=password),
            lambda opened: self._opened(copy, *opened),
            lambda error: self._failed(error.message),
            group="previous-copy",
            exclusive=True,
        )

    def _failed(self, message: str) -> None:
        field = self.query_one("#secret", Input)
        field.disabled = False
        field.value = ""
        field.focus()
        self._say(message[:1].upper() + message[1:])

    def _opened(self, copy: PreviousCopy, vault: Vault, aside: Path | None) -> None:
        count = len(vault.data.accounts)
        kept = f" The damaged file is kept as {aside.name}." if aside is not None else ""
        self.app.notify(
            f"Opened the copy saved {copy.when}: {count} account{'s' if count != 1 else ''}.{kept}",
            title="Previous copy",
            timeout=15,
            markup=False,
        )
        self.app.vault_opened(vault)

    def action_back(self) -> None:
        self.app.pop_screen()
