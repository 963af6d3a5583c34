"""Helpers for the app tests, all from the public kit ``tuiauth.testing.app``."""

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

__all__ = ["PASSWORD", "SECRET", "START", "AppFactory", "AppServices", "FakeClock", "draft", "screen_text", "words"]
