"""Helpers for the app tests, all on the public kit ``tuiauth.testing.app``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tuiauth.testing.app import PASSWORD, SECRET, START, FakeClock, account, screen_text, screen_words

#: ``new_app``/``vault_with``: make a ``TuiauthApp`` (``tuiauth.testing.app.make_app`` options).
AppFactory = Callable[..., Any]
#: ``app.services``: the vault, config, paths and plugins of an app the kit made.
AppServices = Any

draft = account
words = screen_words

BORDER_EDGES = "█▊▎▀▄▔▁"


def dialog_words(app: Any) -> str:
    """The words inside the current screen's ``#dialog`` only: a modal dialog's wrapped sentences, read
    without the screen behind it, whose text shares each line with the dialog's."""
    region = app.screen.query_one("#dialog").content_region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right] for line in lines).split())


def dialog_shows(app: Any, text: str) -> bool:
    """``shows`` for the current screen's ``#dialog`` only (a long path may wrap anywhere in it)."""
    return "".join(text.split()) in "".join(dialog_words(app).split())


def shows(app: Any, text: str) -> bool:
    """Whether the screen shows ``text`` wherever its lines wrap: a long path or address may wrap
    anywhere, even inside a name (pytest's temporary folders grow with its run counter and xdist),
    and a wrapped line inside a box is cut by the box's edges."""
    screen = screen_text(app)
    for edge in BORDER_EDGES:
        screen = screen.replace(edge, "")
    return "".join(text.split()) in "".join(screen.split())


__all__ = [
    "BORDER_EDGES",
    "PASSWORD",
    "SECRET",
    "START",
    "AppFactory",
    "AppServices",
    "FakeClock",
    "dialog_words",
    "draft",
    "screen_text",
    "shows",
    "words",
]
