"""The app-testing kit's promises: a failed copy is said, the fake clock moves codes without sleeping,
every message stays in a log a person can open, no environment variable reaches the app, and a
screenshot goes only into the folder given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tuiauth.testing.app import (
    SECRET,
    START,
    FakeClipboard,
    FakeClock,
    account,
    account_rows,
    advance_clock,
    current_screen,
    messages,
    screen_words,
    settle,
)

App = Callable[..., Any]


async def test_a_failed_copy_goes_through_the_terminal_saying_why(
    tuiauth_app: App, tuiauth_clipboard: FakeClipboard
) -> None:
    tuiauth_clipboard.fail = True
    app = tuiauth_app([account("GitHub")], unlocked=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("c")
        await settle(pilot)
        assert "Copied" not in screen_words(app)
        (logged,) = messages(app)
        assert logged.text.startswith(
            "the clipboard refused the text. Code of GitHub (alice) sent to the terminal's clipboard (OSC 52)."
        )
        assert logged.text.endswith("tuiauth cannot clear it.")
        assert logged.severity == "warning" and logged.title == "Sent to the terminal"
        assert app.clipboard == account_rows(app)[0].code
    assert tuiauth_clipboard.copied == []


async def test_without_a_system_clipboard_the_code_goes_through_the_terminal(
    tuiauth_app: App, tuiauth_clipboard: FakeClipboard
) -> None:
    tuiauth_clipboard.available = False
    app = tuiauth_app([account("GitHub")], unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await settle(pilot)
        said = messages(app)[-1].text
        assert "sent to the terminal's clipboard (OSC 52)" in said and said.startswith("Code of GitHub")


async def test_advancing_the_fake_clock_shows_the_next_code_and_countdown(
    tuiauth_app: App, tuiauth_clock: FakeClock
) -> None:
    app = tuiauth_app([account("GitHub")], unlocked=True)
    totp = pyotp.TOTP(SECRET)
    async with app.run_test(size=(80, 24)) as pilot:
        (row,) = account_rows(app)
        assert (row.code, row.next_code, row.seconds_left) == (totp.at(START), None, 20)
        await advance_clock(pilot, 16)
        (row,) = account_rows(app)
        assert (row.next_code, row.seconds_left) == (totp.at(START + 30), 4)
        await advance_clock(pilot, 30)
        (row,) = account_rows(app)
        assert row.code == totp.at(tuiauth_clock.now) != totp.at(START)
        assert row.code in screen_words(app).replace(" ", "")


async def test_the_message_log_keeps_faded_messages_and_shows_them_as_text(tuiauth_app: App) -> None:
    app = tuiauth_app([account("[b]Bold[/b] Inc")], unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")  # TOTP: "its code changes by itself", a message that fades after 3 s
        await pilot.press("ctrl+g")
        assert current_screen(app) == "MessagesScreen"
        assert "[b]Bold[/b] Inc (alice) is time-based" in screen_words(app)
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen"


async def test_the_message_log_is_in_the_palette(tuiauth_app: App) -> None:
    app = tuiauth_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"messages")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert current_screen(app) == "MessagesScreen"
        assert "No messages yet." in screen_words(app)


def test_the_kit_reads_no_environment_variable(
    tuiauth_app: App, tuiauth_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("TUIAUTH_HOME", str(elsewhere))
    monkeypatch.setenv("TUIAUTH_PLUGINS_BLOCK", "tuiauth.methods.steam")
    app = tuiauth_app([])
    services = app.services
    assert services.paths.vault_file.parent == tuiauth_home.resolve()
    assert "steam" in services.plugins.methods()
    assert not elsewhere.exists()


async def test_a_screenshot_is_written_only_into_the_folder_given(
    tuiauth_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shots = tmp_path / "shots"
    shots.mkdir()
    app = tuiauth_app([account("GitHub")], unlocked=True)
    async with app.run_test(size=(80, 24)):
        with pytest.raises(ValueError, match="needs the folder"):
            app.save_screenshot()
        with pytest.raises(ValueError, match="leaves the folder"):
            app.save_screenshot("../out.svg", path=str(shots))
        written = Path(app.save_screenshot("codes.svg", path=str(shots)))
    assert written == shots.resolve() / "codes.svg"
    assert sorted(p.name for p in tmp_path.rglob("*.svg")) == ["codes.svg"]
