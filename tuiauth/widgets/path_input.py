"""A file path input that completes from the filesystem: Tab completes, the suggestion shows inline.

Tab completes as a shell does: a single match completes fully (a folder gains its ``/``), several
matches complete their common prefix and are listed through ``PathInput.Matches``; with nothing left
to complete, Tab moves to the next field as usual. ``~`` stays as typed in the field.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input

#: Entries read from one folder at most: a huge folder must not stall a key press.
MAX_SCANNED = 5000


@dataclass
class Completion:
    text: str
    #: The matching names in the folder (folders end with ``/``), sorted; empty when none match.
    matches: list[str] = field(default_factory=list)


def complete_path(text: str, limit: int = MAX_SCANNED) -> Completion:
    """Complete the last part of ``text`` from the names in its folder."""
    if text == "~":
        return Completion("~/", ["~/"])
    prefix = text.rpartition("/")[2]
    head = text[: len(text) - len(prefix)]
    folder = Path(head).expanduser() if head else Path.cwd()
    matches: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= limit:
                    break
                name = entry.name
                if not name.startswith(prefix) or (name.startswith(".") and not prefix.startswith(".")):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                matches.append(name + "/" if is_dir else name)
    except OSError:
        return Completion(text)
    matches.sort()
    if not matches:
        return Completion(text)
    common = os.path.commonprefix(matches)  # noqa: RUF071 - names in one folder: their shared characters
    return Completion(head + common, matches)


class PathSuggester(Suggester):
    """Suggests the completion of the path typed so far (read off the event loop)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        completion = await asyncio.to_thread(complete_path, value)
        return completion.text if completion.text != value else None


class PathInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete path", id="complete_path", show=False),
    ]

    class Matches(Message):
        """Several names match what was typed: ``matches`` lists them (to show beside the field)."""

        def __init__(self, path_input: PathInput, matches: list[str]) -> None:
            super().__init__()
            self.path_input = path_input
            self.matches = matches

    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(value, placeholder=placeholder, suggester=PathSuggester(), id=id, compact=True)

    def action_complete(self) -> None:
        completion = complete_path(self.value)
        if completion.text != self.value:
            self.value = completion.text
            self.cursor_position = len(self.value)
        elif len(completion.matches) < 2:
            self.screen.focus_next()
            return
        self.post_message(self.Matches(self, completion.matches if len(completion.matches) > 1 else []))
