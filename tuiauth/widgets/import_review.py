"""The review list of an import: one line per entry of the file, the chosen ones marked ``[x]``.

New entries start chosen, conflicts start unchosen; duplicates and problems are shown (disabled, so
the cursor skips them) but can never be chosen. Every status is a word, never only a colour, so the
list reads the same with ``NO_COLOR`` (where the cursor row is underlined). Space (or Enter)
includes or excludes the entry under the cursor.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..core.importing import Review, ReviewItem
from ..core.specs import ImportProblem

STATUS_STYLES = {
    "new": "bold $text-success",
    "conflict": "bold $text-warning",
    "duplicate": "$text-muted",
    "problem": "bold $text-error",
}
STATUS_WIDTH = max(len(s) for s in STATUS_STYLES) + 1


def describe(item: ReviewItem) -> str:
    """The kind of codes an entry makes, e.g. ``totp SHA1 6 digits 30 s``, ``hotp SHA1 6 digits counter 0``."""
    draft = item.draft
    timing = f"counter {draft.counter}" if item.counter_based else f"{draft.period} s"
    return f"{draft.type} {draft.algorithm} {draft.digits} digits {timing}"


def entry_prompt(item: ReviewItem, chosen: bool) -> Content:
    marker = ("[x] " if chosen else "[ ] ") if item.status in ("new", "conflict") else "    "
    label = item.draft.label
    if item.status == "new":
        detail = f"  {describe(item)}"
    elif item.status == "conflict":
        detail = " — in the vault with another secret"
    elif item.existing is not None:
        detail = f" — already in the vault as {item.existing.label}"
    else:
        detail = f" — the same as {item.earlier.label if item.earlier else 'an entry'} above in this file"
    return Content.assemble(
        marker, (item.status.ljust(STATUS_WIDTH), STATUS_STYLES[item.status]), (label, "bold"), detail
    )


def problem_prompt(problem: ImportProblem) -> Content:
    status = "problem".ljust(STATUS_WIDTH)
    return Content.assemble("    ", (status, STATUS_STYLES["problem"]), (problem.entry, "bold"), f" — {problem.reason}")


class ImportReview(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Include/exclude", id="toggle_entry", tooltip="Include or exclude the entry"),
    ]

    SCOPED_CSS = False  # the rule below starts at the App (its :nocolor state)
    DEFAULT_CSS = """
    App:nocolor ImportReview > .option-list--option-highlighted { text-style: bold underline; }
    """

    class Changed(Message):
        """The set of chosen entries changed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.review: Review | None = None
        #: Indices (in the file) of the entries to import.
        self.chosen: set[int] = set()
        self._items: dict[str, ReviewItem] = {}

    def show_review(self, review: Review) -> None:
        self.review = review
        self.chosen = {item.index for item in review.items if item.status == "new"}
        self._items = {f"entry-{item.index}": item for item in review.items}
        options = [
            Option(entry_prompt(item, item.index in self.chosen), id=key, disabled=item.status == "duplicate")
            for key, item in self._items.items()
        ]
        options += [Option(problem_prompt(p), id=f"problem-{n}", disabled=True) for n, p in enumerate(review.problems)]
        self.set_options(options)
        self.highlighted = next((n for n, option in enumerate(options) if not option.disabled), None)
        self.post_message(self.Changed())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self._items.get(event.option_id or "")
        if item is None:
            return
        self.chosen ^= {item.index}
        self.replace_option_prompt(f"entry-{item.index}", entry_prompt(item, item.index in self.chosen))
        self.post_message(self.Changed())
