"""Keys typed faster than the app opens screens all arrive, in order, where the new screen focuses.

The terminal hands the app a burst of keys at once (a fast typist, a slow machine, a key macro): the
app reads them all before the first one has opened its screen. Each burst here is posted to the app
in one go, as the terminal driver does, and read back once the app is idle.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from tuiauth.testing.app import current_screen, settle

from .helpers import AppFactory, draft, words

URI = "otpauth://totp/Added:carol?secret=JBSWY3DPEHPK3PXR"
NAMES = {":": "colon", "/": "slash", "?": "question_mark", "=": "equals_sign"}


def burst(app: object, keys: str | list[str]) -> None:
    """Post ``keys`` to the app at once; a key of several letters is a key name ("enter")."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(NAMES.get(key, key), character))  # type: ignore[attr-defined]


async def delivered(pilot: Any) -> None:
    """Wait until the app has read the burst and every key reached the screen on top."""
    await pilot.pause()
    await pilot.app.typed_keys_delivered()
    await settle(pilot)


async def test_a_uri_typed_right_after_a_is_typed_in_the_form(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, ["a", *URI])
        await delivered(pilot)
        assert current_screen(app) == "AccountFormScreen"
        assert app.screen.query_one("#uri", Input).value == URI


async def test_a_whole_add_typed_at_once_adds_the_account(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, ["a", *URI, "enter"])
        await delivered(pilot)
        assert current_screen(app) == "AccountsScreen", words(app)
        assert "Added" in words(app) and "carol" in words(app)
