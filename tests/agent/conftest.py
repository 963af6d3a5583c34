"""An agent for the tests: a real ``python -m tuiauth.agent`` process (stopped by PID), or one served
from a thread of the test process with a fake clock; a vault made with the fast test KDF."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Result
from tuiauth.agent import process
from tuiauth.agent.client import ask
from tuiauth.agent.location import make_folder, socket_folder, socket_path
from tuiauth.agent.process import start_background
from tuiauth.agent.server import Agent, listen, serve
from tuiauth.cli import main
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault
from tuiauth.services import Services
from tuiauth.testing.app import FakeClock

from ..cli.helpers import PASSWORD

#: The secret of the canary account, recognisable in any encoding a reply could carry it in.
CANARY = b"CANARY-secret-9f3e7a"
HOTP_URI = "otpauth://hotp/Counter:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"


@pytest.fixture(autouse=True)
def stop_started_agents() -> Iterator[None]:
    """Every agent a command started during the test (``tuiauth unlock`` starts one) is stopped by its
    PID afterwards."""
    before = len(process.STARTED)
    yield
    for started in process.STARTED[before:]:
        if started.poll() is None:
            started.terminate()
        started.wait(timeout=30)
    del process.STARTED[before:]


@pytest.fixture
def vault_file(isolated_home: Path, fast_kdf: KdfParams) -> Path:
    """A vault (fast KDF) with GitHub, GitLab and the canary account."""
    path = isolated_home / "vault.tuiauth"
    vault, _ = Vault.create(path, PASSWORD, kdf=fast_kdf)
    vault.data.accounts = [
        Account(issuer="GitHub", name="alice", secret=bytes.fromhex("48656c6c6f21deadbeef")),
        Account(issuer="GitLab", name="alice", secret=bytes.fromhex("3132333435363738393031")),
        Account(issuer="Canary", name="bird", secret=CANARY, favourite=True),
    ]
    vault.save()
    vault.close()
    return path


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password"
    path.write_text(PASSWORD + "\n")
    return path


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """``tuiauth ARGS`` in-process, with nothing on standard input (so a password would have to come
    from a file): exit status and output."""

    def call(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def agent_socket(vault_file: Path) -> str:
    return socket_path(str(vault_file))


@pytest.fixture
def agent_process(vault_file: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A real agent process for the test's vault, locked; stopped by its PID afterwards."""
    process = start_background(None)
    yield process
    if process.poll() is None:
        process.terminate()
    process.wait(timeout=30)


@dataclass
class ThreadAgent:
    """An agent served from a thread of the test process, on a fake clock."""

    agent: Agent
    clock: FakeClock
    socket: str

    def ask(self, **request: Any) -> dict[str, Any]:
        return ask(self.socket, request)


@pytest.fixture
def thread_agent(vault_file: Path, agent_socket: str) -> Iterator[ThreadAgent]:
    """An agent with a 15-minute idle lock and an 8-hour lifetime on a fake clock."""
    clock = FakeClock()
    agent = Agent(Services.create(), idle_seconds=15 * 60, lifetime_seconds=8 * 3600, clock=clock)
    make_folder(socket_folder())
    listener = listen(agent_socket)
    thread = threading.Thread(target=serve, args=(agent, listener), daemon=True)
    thread.start()
    yield ThreadAgent(agent, clock, agent_socket)
    if not agent.stopping:
        ask(agent_socket, {"op": "stop"})
    thread.join(timeout=30)
    listener.close()
    os.unlink(agent_socket)
