"""What every screen shares: help, the command palette (no Screenshot), remappable keys, the crash
handler that never prints local variables, NO_COLOR and the theme setting."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib

import pytest
from textual.filter import Monochrome, NoColor

from tuiauth.testing.app import FakeClipboard, current_screen

from .helpers import AppFactory, draft, words


async def test_help_lists_every_key_of_the_screen_with_its_id(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        assert current_screen(app) == "HelpScreen"
        text = words(app)
        ids = [b.id for b in app.screen_stack[-2].BINDINGS + app.BINDINGS]  # type: ignore[union-attr]
        assert all(ids)
        for binding_id in ids:
            assert f" {binding_id} " in f" {text} ", binding_id
        assert "shift+↓, J" in text or "J" in text
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen"


async def test_palette_has_every_command_and_no_screenshot(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Screenshot" not in commands
        for binding in app.screen.BINDINGS + app.BINDINGS:
            assert binding.description in commands, binding.description  # type: ignore[union-attr]
        await commands["Add"].callback()  # type: ignore[misc]
        await pilot.pause()
        assert "Add an account" in words(app)


async def test_screenshot_action_is_refused(vault_with: AppFactory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action(f"screenshot('shot.svg', '{tmp_path}')")
        await pilot.pause()
        assert not list(tmp_path.iterdir())


async def test_keys_are_remapped_from_the_config(vault_with: AppFactory, clipboard: FakeClipboard) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    services.config.keymap = {"copy": "y", "search": "s"}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert clipboard.copied == []
        await pilot.press("y")
        await app.workers.wait_for_complete()
        assert clipboard.copied[-1].isdigit()
        await pilot.press("s")
        assert app.focused is app.screen.query_one("#search")
        assert "y Copy" in words(app)


CRASH = textwrap.dedent(
    """
    import os

    from tuiauth.testing.app import make_app

    base = make_app(os.environ["TUIAUTH_HOME"])

    class Crashing(type(base)):
        def on_ready(self) -> None:
            planted = os.environ["PLANTED"]  # a secret from data, as a password would be
            raise RuntimeError("boom " + str(len(planted)))

    app = Crashing(base.services)
    app.run(headless=True)
    raise SystemExit(app.return_code)
    """
)


def test_crash_report_has_no_local_variables(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "crash.py"
    script.write_text(CRASH)
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "120", "PLANTED": "PLANTED-SECRET-4471"},
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "RuntimeError" in output and "boom 19" in output  # the traceback itself is there
    assert "PLANTED-SECRET-4471" not in output


async def test_no_color_still_shows_the_selected_row(vault_with: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = vault_with(draft("GitHub"), draft("GitLab"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color and any(isinstance(f, Monochrome | NoColor) for f in app._filters)
        await pilot.press("down")
        assert "▶ 815 047 GitLab" in words(app)


async def test_theme_comes_from_the_config_and_is_remembered(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    services.config.theme = "nord"
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
        await app.workers.wait_for_complete()
    saved = tomllib.loads(services.paths.config_file.read_text())
    assert saved["theme"] == "gruvbox"
