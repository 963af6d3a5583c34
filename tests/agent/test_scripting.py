"""``tuiauth code --min-remaining`` and ``--copy``, the same through the agent and with the password."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tuiauth.commands import timing
from tuiauth.testing.app import START, FakeClock

from ..cli.helpers import PASSWORD


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The command's clock; its waits move the fake clock instead of sleeping."""
    fake = FakeClock()
    monkeypatch.setattr(timing, "now", fake)
    monkeypatch.setattr(timing, "sleep", fake.advance)
    return fake


@pytest.fixture(params=["password", "agent"])
def way(request: pytest.FixtureRequest, vault_file: Path, password_file: Path) -> tuple[str, ...]:
    """Extra arguments for the password; none when the (unlocked) agent answers."""
    if request.param == "password":
        return ("--password-file", str(password_file))
    agent = request.getfixturevalue("thread_agent")
    assert agent.ask(op="unlock", password=PASSWORD)["ok"]
    return ()


def test_min_remaining_waits_for_the_next_code(run, clock: FakeClock, way) -> None:
    # START is 10 s into a 30 s period: the current code has 20 s left.
    enough = run("code", "GitHub", "--json", "--min-remaining", "15", *way)
    assert (enough.code, json.loads(enough.out)["remaining"], clock.now) == (0, 20, START)
    waited = run("code", "GitHub", "--json", "--min-remaining", "25", *way)
    assert waited.code == 0
    assert clock.now == START + 20  # waited for the next period, on the fake clock
    reply = json.loads(waited.out)
    assert reply["remaining"] == 30
    assert reply["code"] == run("code", "GitHub", "--at", str(START + 20), *way).out.strip()
    assert reply["code"] != run("code", "GitHub", "--at", str(START), *way).out.strip()


def test_min_remaining_with_at_gives_the_next_code_without_waiting(run, clock: FakeClock, way) -> None:
    given = run("code", "GitHub", "--at", str(START), "--min-remaining", "25", *way)
    assert clock.now == START
    assert given.out == run("code", "GitHub", "--at", str(START + 20), *way).out


def test_min_remaining_longer_than_the_period_is_refused(run, clock: FakeClock, way) -> None:
    refused = run("code", "GitHub", "--min-remaining", "30", *way)
    assert (refused.code, refused.out) == (2, "")
    assert refused.err == "tuiauth: --min-remaining 30 is not shorter than the code's period (30 s)\n"


@pytest.fixture
def clipboard_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in ``wl-copy``/``wl-paste`` pair keeping the clipboard in a file: no test writes a live
    code into the developer's clipboard. Returns that file."""
    folder = tmp_path / "bin"
    folder.mkdir()
    held = tmp_path / "clipboard"
    (folder / "wl-copy").write_text(f"#!/bin/sh\ncat > '{held}'\n")
    (folder / "wl-paste").write_text(f"#!/bin/sh\ncat '{held}'\n")
    for tool in folder.iterdir():
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-test")
    return held


def test_copy_puts_the_code_on_the_clipboard(run, clipboard_tool: Path, way) -> None:
    copied = run("code", "GitHub", "--copy", "--at", str(START), *way)
    assert (copied.code, copied.out) == (0, "")
    assert copied.err == "Copied the code to the clipboard (20 s left).\n"
    assert clipboard_tool.read_text() == run("code", "GitHub", "--at", str(START), *way).out.strip()


def test_copy_without_a_clipboard_fails_the_same_way(run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, way) -> None:
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    failed = run("code", "GitHub", "--copy", *way)
    assert (failed.code, failed.out) == (1, "")
    assert failed.err.startswith("tuiauth: the code was not copied: there is no clipboard tool here")
