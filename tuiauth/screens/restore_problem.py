"""What went wrong in a restore, and the way on: one screen state per problem kind —
a headline, what happened, what to do, the details that matter (the network cause, where backups were
found instead, what the vault already holds) and the action one key away. Enter takes the action, Esc
goes back to the step. Dismissed with the chosen action (``RestoreFlow.act`` leads there).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..core.restore.problems import RestoreProblem
from ..widgets.key_bar import KeyBar

HEADLINES = {
    "no-backup": "No backup at this location",
    "deleted": "The backups were deleted",
    "not-found": "Nothing at that address",
    "network": "The location cannot be reached",
    "sign-in": "Signing in failed",
    "permission": "Signed in, but not allowed to read there",
    "server": "The location answered with an error",
    "wrong-secret": "The recovery secret does not open this backup",
    "damaged": "This backup cannot be used",
    "not-empty": "This vault already holds accounts",
    "rollback": "This backup is older than one seen before",
    "vault-changed": "The vault changed while you reviewed the plan",
    "plugin": "The location's plugin failed",
}
CAUSES = {
    "dns": "the server's name could not be looked up",
    "refused": "the connection was refused: nothing answers at that address and port",
    "timeout": "the server did not answer in time",
    "tls": "the server's certificate is not trusted",
    "reset": "the connection was cut",
}
#: action → (key, what the key does)
ACTIONS = {
    "retry": ("r", "Try again"),
    "sign-in": ("s", "Sign in again"),
    "choose-location": ("l", "Choose the location"),
    "choose-backup": ("b", "Choose another backup"),
    "secret": ("k", "Give the secret again"),
    "add-account": ("a", "Add accounts by hand"),
    "merge": ("m", "Merge: only add what is missing"),
}
#: Kinds where adding the accounts by hand is offered beside their own action (the backup is gone).
ADD_BY_HAND = frozenset({"no-backup", "deleted", "damaged"})
LISTED = 8


def sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:].rstrip(".") + "." if text else ""


class RestoreProblemScreen(Screen[str | None]):
    DEFAULT_CSS = """
    RestoreProblemScreen {
        align: center middle;
    }
    RestoreProblemScreen #problem {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $error;
        padding: 0 1;
        background: $surface;
    }
    RestoreProblemScreen #problem-details {
        height: auto;
        max-height: 10;
    }
    RestoreProblemScreen .problem-action {
        text-style: bold;
        margin-top: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "take", "Do it", id="restore_problem_take", tooltip="Take the suggested action"),
        *(
            Binding(key, f"act('{action}')", label, id=f"restore_problem_{action.replace('-', '_')}")
            for action, (key, label) in ACTIONS.items()
        ),
        Binding("escape", "dismiss_problem", "Back", id="restore_problem_back", tooltip="Back to the step"),
    ]

    def __init__(self, problem: RestoreProblem) -> None:
        super().__init__()
        self.problem = problem

    @property
    def offered(self) -> list[str]:
        actions: list[str] = [self.problem.action] if self.problem.action else []
        if self.problem.kind in ADD_BY_HAND and "add-account" not in actions:
            actions.append("add-account")
        return actions

    def compose(self) -> ComposeResult:
        problem = self.problem
        with Vertical(id="problem"):
            yield Static(HEADLINES.get(problem.kind, "The restore stopped"), classes="title")
            yield Static(sentence(problem.brief or problem.message), id="problem-message", markup=False)
            with VerticalScroll(id="problem-details"):
                if problem.kind == "network":
                    cause = CAUSES.get(problem.cause, "a network error")
                    yield Static(f"Cause: {cause}.", id="problem-cause", markup=False)
                if problem.elsewhere:
                    yield Static(
                        "Backups were found at:\n" + "\n".join(f"  • {e}" for e in problem.elsewhere), markup=False
                    )
                if problem.local:
                    shown = [f"  • {label}" for label in problem.local[:LISTED]]
                    if len(problem.local) > LISTED:
                        shown.append(f"  … and {len(problem.local) - LISTED} more")
                    yield Static("Already in this vault:\n" + "\n".join(shown), id="problem-local", markup=False)
            yield Static(sentence(problem.advice), id="problem-advice", classes="hint", markup=False)
            for action in self.offered:
                key, label = ACTIONS[action]
                yield Static(f"{key}: {label}", classes="problem-action")
            yield Static("Esc: back" + ("" if problem.kind != "not-empty" else " (nothing was restored)"))
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "act":
            return parameters[0] in self.offered
        if action == "take":
            return bool(self.offered)
        return True

    def action_take(self) -> None:
        if self.offered:
            self.dismiss(self.offered[0])

    def action_act(self, action: str) -> None:
        if action in self.offered:
            self.dismiss(action)

    def action_dismiss_problem(self) -> None:
        self.dismiss(None)
