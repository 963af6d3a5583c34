"""The message log: every notification the app has shown, oldest first, so none is lost when its toast
fades (ctrl+g, or "Messages" in the command palette). Messages are plain text, never markup."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.key_bar import KeyBar

#: The log keeps the latest messages only; a long session must not grow without bound.
KEPT = 500
SEVERITY_STYLE = {"information": "", "warning": "bold yellow", "error": "bold red"}


@dataclass(frozen=True)
class LoggedMessage:
    """One notification: when (clock time), what, its title and its severity."""

    at: float
    text: str
    title: str = ""
    severity: str = "information"


class MessageLog:
    def __init__(self) -> None:
        self._messages: deque[LoggedMessage] = deque(maxlen=KEPT)

    def add(self, message: LoggedMessage) -> None:
        self._messages.append(message)

    def __iter__(self) -> Iterator[LoggedMessage]:
        return iter(list(self._messages))

    def __len__(self) -> int:
        return len(self._messages)


def as_text(log: MessageLog) -> Text:
    if not len(log):
        return Text("No messages yet.")
    text = Text()
    for message in log:
        stamp = time.strftime("%H:%M:%S", time.localtime(message.at))
        text.append(f"{stamp}  ", style="dim")
        if message.title:
            text.append(f"{message.title}: ", style=SEVERITY_STYLE.get(message.severity) or "bold")
        elif message.severity != "information":
            text.append(f"{message.severity.capitalize()}: ", style=SEVERITY_STYLE[message.severity])
        text.append(message.text)
        text.append("\n")
    text.rstrip()
    return text


class MessagesScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    MessagesScreen { align: center middle; }
    #messages-body { width: 100%; height: 1fr; padding: 0 1; background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,ctrl+g", "dismiss", "Close", id="close_messages"),
    ]

    def __init__(self, log: MessageLog) -> None:
        super().__init__()
        self.message_log = log

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="messages-body"):
            yield Static(Text("Messages", style="bold"), id="messages-title")
            yield Static(as_text(self.message_log), id="messages")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#messages-body", VerticalScroll).scroll_end(animate=False)
