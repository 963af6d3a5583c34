"""The app's lock locks the agent too: leaving the desk after ``ctrl+l`` leaves nothing unlocked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tuiauth.agent.client import ask
from tuiauth.agent.location import socket_path
from tuiauth.agent.process import start_background
from tuiauth.testing.app import PASSWORD, account, screen_text, settle


@pytest.fixture
def app_agent(tuiauth_home: Path) -> Iterator[str]:
    """An agent for the app's home (the kit's vault, made when the app is); its socket. Stopped by PID."""
    process = start_background(str(tuiauth_home))
    yield socket_path(str(tuiauth_home / "vault.tuiauth"))
    process.terminate()
    process.wait(timeout=30)


async def test_the_apps_lock_locks_the_agent(tuiauth_app, app_agent: str) -> None:
    app = tuiauth_app([account("GitHub")], unlocked=True)
    assert ask(app_agent, {"op": "unlock", "password": PASSWORD})["ok"]
    async with app.run_test() as pilot:
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "Locked." in screen_text(app)
    assert ask(app_agent, {"op": "status"})["locked"]
