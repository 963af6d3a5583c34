"""The agent's promises: other users are refused, it locks when idle and at the end of its lifetime,
and no reply ever carries a secret."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path

from tuiauth.agent.client import ask
from tuiauth.testing import missing

from ..cli.helpers import PASSWORD
from .conftest import CANARY

#: A client with nothing but the standard library, for a user who cannot import tuiauth.
RAW_CLIENT = """
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b'{"op":"code","query":"GitHub","at":1795903210}\\n')
print(s.recv(65536).decode())
"""


def run_as_nobody(*argv: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0:
        missing("root, to run a client as the user nobody", "run this test as root (CI does)")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        missing("setpriv", "apt-get install util-linux")
    as_nobody = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
    return subprocess.run([*as_nobody, *argv], capture_output=True, text=True, timeout=60, check=False)


def test_another_user_is_refused(thread_agent, agent_socket: str) -> None:
    assert thread_agent.ask(op="unlock", password=PASSWORD)["ok"]
    # Open the folders for the test, so that only the agent's own check stands in the way.
    folder = Path(agent_socket).parent
    for path in (*reversed(folder.parents), folder):
        os.chmod(path, os.stat(path).st_mode | 0o711)
    os.chmod(agent_socket, 0o666)
    client = run_as_nobody("/usr/bin/python3", "-c", RAW_CLIENT, agent_socket)
    assert client.returncode == 0, client.stderr
    reply = json.loads(client.stdout)
    assert reply == {"error": "the agent answers only the user who started it", "exit": 1}
    assert thread_agent.ask(op="code", query="GitHub", at=0)["ok"]  # its own user is still served


def test_idle_timeout_locks(thread_agent) -> None:
    thread_agent.ask(op="unlock", password=PASSWORD)
    thread_agent.clock.advance(15 * 60 - 1)
    assert thread_agent.ask(op="code", query="GitHub", at=0)["ok"]  # a request starts the wait again
    thread_agent.clock.advance(15 * 60 - 1)
    assert thread_agent.ask(op="list")["ok"]
    thread_agent.clock.advance(15 * 60)
    assert thread_agent.ask(op="code", query="GitHub", at=0) == {"locked": True}
    assert thread_agent.ask(op="status")["locked"]


def test_idle_lock_makes_code_ask_for_the_password(thread_agent, run, password_file: Path) -> None:
    thread_agent.ask(op="unlock", password=PASSWORD)
    assert run("code", "GitHub").code == 0
    thread_agent.clock.advance(15 * 60)
    asked = run("code", "GitHub")
    assert asked.code == 2 and "no password given" in asked.err
    assert run("code", "GitHub", "--password-file", str(password_file)).code == 0


def test_the_agent_stops_at_the_end_of_its_lifetime(thread_agent) -> None:
    thread_agent.ask(op="unlock", password=PASSWORD)
    for _ in range(8 * 4):  # used every 15 minutes for 8 hours
        thread_agent.clock.advance(15 * 60 - 1)
        assert thread_agent.ask(op="code", query="GitHub", at=0).get("ok")
    thread_agent.clock.advance(8 * 4 + 1)
    assert thread_agent.ask(op="status")["locked"]
    assert thread_agent.agent.stopping


def canary_forms() -> list[str]:
    return [
        CANARY.decode(),
        CANARY.hex(),
        CANARY.hex().upper(),
        base64.b32encode(CANARY).decode().rstrip("="),
        base64.b64encode(CANARY).decode(),
    ]


def test_no_reply_carries_a_secret(thread_agent, vault_file: Path, run) -> None:
    from tuiauth.core.vault import Vault

    with Vault.open(vault_file, password=PASSWORD) as vault:
        recovery_key = vault.data.recovery_key
    requests = [
        {"op": "status"},
        {"op": "code", "query": "Canary", "at": 0},
        {"op": "unlock", "password": PASSWORD},
        {"op": "status"},
        {"op": "unlock", "password": "wrong"},
        {"op": "code", "query": "Canary", "at": 0},
        {"op": "code", "query": "bird", "at": 1e9},
        {"op": "code", "query": "a", "at": 0},
        {"op": "code", "query": "nothing", "at": 0},
        {"op": "code", "query": ["Canary"], "at": 0},
        {"op": "list"},
        {"op": "export"},
        {"op": "lock"},
        {"op": "list"},
    ]
    replies = [json.dumps(ask(thread_agent.socket, r), ensure_ascii=False) for r in requests]
    replies += [run("list", "--json").out, run("code", "Canary", "--json").out]
    for reply in replies:
        for form in [*canary_forms(), recovery_key, PASSWORD]:
            assert form not in reply
    assert any('"code"' in r for r in replies) and any("Canary" in r for r in replies)


def test_an_agent_answers_only_for_its_own_vault(thread_agent, vault_file: Path) -> None:
    """Socket names are short checksums of the vault's path: a request names its vault."""
    thread_agent.ask(op="unlock", password=PASSWORD)
    elsewhere = thread_agent.ask(op="code", query="GitHub", at=0, vault="/elsewhere/vault.tuiauth")
    assert elsewhere == {"other_vault": True}
    assert thread_agent.ask(op="code", query="GitHub", at=0, vault=os.path.realpath(vault_file))["ok"]
