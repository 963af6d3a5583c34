"""``tuiauth unlock``, ``lock``, ``agent start|stop|status``, and ``code``/``list`` answered by the agent
exactly as they are with the password."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pyotp
import pytest

from tuiauth.agent.process import start_background

DROPBOX = "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK"
AT = "1795903210"  # a fixed moment, so both ways print the same code and remaining seconds

#: Command lines answered both ways; errors (no match, several matches) included.
COMMANDS = [
    ("code", "GitHub"),
    ("code", "github", "--json", "--at", AT),
    ("code", "--at", AT, "GitLab"),
    ("code", "nothing-like-it"),
    ("code", "git"),
    ("list",),
    ("list", "--json"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_the_agent_answers_as_the_password_does(run, agent_process, password_file: Path, command) -> None:
    with_password = run(*command, "--password-file", str(password_file))
    assert run("unlock", "--password-file", str(password_file)).code == 0
    through_agent = run(*command)  # no password anywhere: only the agent can answer
    if command == ("code", "GitHub"):  # the time moved between the two: compare the shape only
        assert through_agent.out.strip().isdigit() and with_password.out.strip().isdigit()
        assert (through_agent.code, through_agent.err) == (with_password.code, with_password.err)
    else:
        assert through_agent == with_password


def test_without_an_agent_code_asks_for_the_password(run, vault_file: Path) -> None:
    result = run("code", "GitHub")
    assert result.code == 2
    assert "no password given" in result.err


def test_a_locked_agent_leaves_code_to_the_password(run, agent_process, password_file: Path) -> None:
    assert run("unlock", "--password-file", str(password_file)).code == 0
    assert run("code", "GitHub").code == 0
    locked = run("lock")
    assert (locked.code, locked.out) == (0, "Locked: the agent forgot the vault's key.\n")
    asked = run("code", "GitHub")
    assert asked.code == 2 and "no password given" in asked.err
    with_password = run("code", "GitHub", "--password-file", str(password_file))
    assert with_password.code == 0 and with_password.out.strip().isdigit()


def test_a_wrong_password_is_refused_by_the_agent_as_by_the_command(
    run, agent_process, tmp_path: Path, vault_file: Path
) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not the password\n")
    direct = run("list", "--password-file", str(wrong))
    through_agent = run("unlock", "--password-file", str(wrong))
    assert (through_agent.code, through_agent.err) == (direct.code, direct.err)
    assert direct.code != 0
    assert run("agent", "status").code == 1  # still locked


def test_status_says_locked_unlocked_or_not_running(run, agent_process, password_file: Path) -> None:
    locked = run("agent", "status")
    assert locked.code == 1 and f"pid {agent_process.pid}" in locked.out and "is locked" in locked.out
    run("unlock", "--password-file", str(password_file))
    unlocked = run("agent", "status")
    assert unlocked.code == 0 and "is unlocked: 3 accounts" in unlocked.out
    assert "Core dumps: off." in unlocked.out
    stopped = run("agent", "stop")
    assert (stopped.code, stopped.out) == (0, "Agent stopped.\n")
    agent_process.wait(timeout=30)
    assert run("agent", "status").code == 3


def test_a_change_on_disk_is_read_again(run, agent_process, password_file: Path) -> None:
    run("unlock", "--password-file", str(password_file))
    assert run("code", "Dropbox").code != 0
    added = run("add", "--issuer", "Dropbox", "--secret", DROPBOX, "--password-file", str(password_file))
    assert added.code == 0
    through_agent = run("code", "Dropbox", "--json", "--at", AT)
    assert through_agent.code == 0
    assert json.loads(through_agent.out)["code"] == pyotp.TOTP(DROPBOX).at(int(AT))


def test_a_killed_agent_does_not_block_the_next(run, agent_process, agent_socket: str, password_file: Path) -> None:
    os.kill(agent_process.pid, signal.SIGKILL)
    agent_process.wait(timeout=30)
    assert os.path.exists(agent_socket)  # left behind: the next agent must not mind it
    assert run("agent", "status").code == 3
    second = start_background(None)
    try:
        assert run("unlock", "--password-file", str(password_file)).code == 0
        assert run("code", "GitHub").code == 0
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert not os.path.exists(agent_socket)  # a stopped agent takes its socket away


def test_a_second_agent_for_the_same_vault_is_refused(agent_process) -> None:
    process = subprocess.run(
        [agent_process.args[0], "-m", "tuiauth.agent"], capture_output=True, text=True, timeout=60, check=False
    )
    assert process.returncode == 1
    assert "already running" in process.stderr


def test_the_socket_is_private(agent_process, agent_socket: str) -> None:
    assert os.stat(agent_socket).st_mode & 0o777 == 0o600
    assert os.stat(os.path.dirname(agent_socket)).st_mode & 0o777 == 0o700


def test_unlock_in_a_folder_holding_a_tuiauth_package(
    run, vault_file: Path, password_file: Path, tmp_path, monkeypatch
) -> None:
    """The agent runs the installed tuiauth, never a `tuiauth` folder where the command was typed."""
    impostor = tmp_path / "here" / "tuiauth"
    (impostor / "agent").mkdir(parents=True)
    (impostor / "__init__.py").write_text("")
    (impostor / "agent" / "__init__.py").write_text("")
    (impostor / "agent" / "__main__.py").write_text("raise SystemExit('impostor')\n")
    monkeypatch.chdir(impostor.parent)
    assert run("unlock", "--password-file", str(password_file)).code == 0  # starts the agent
    assert run("code", "GitHub").out.strip().isdigit()
