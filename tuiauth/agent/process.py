"""Running the agent: its process (``python -m tuiauth.agent``), and starting one in the background.

One agent per vault: the agent holds an exclusive ``flock`` on ``SOCKET.lock`` for its whole life
(the kernel lets go when it dies, even by SIGKILL). Whoever takes that lock may remove a socket file
left behind by a killed agent and listen in its place: a dead agent never blocks the next start.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import TuiauthError
from ..services import Services
from .hardening import harden
from .location import LocationError, make_folder, socket_folder, socket_path
from .server import Agent, listen, remove_socket, serve


class AgentError(TuiauthError):
    """The agent cannot start (another one runs, or the socket folder is unsafe)."""


@contextlib.contextmanager
def only_agent(path: str) -> Iterator[None]:
    """Hold the one-agent lock of the socket ``path``; ``AgentError`` when another agent holds it."""
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AgentError("an agent is already running for this vault ('tuiauth agent status')") from None
        yield
    finally:
        os.close(fd)


def run_agent(home: str | None, *, ready_fd: int | None = None) -> None:
    """Be the agent until stopped: harden, listen, tell ``ready_fd`` (if any) that the socket is up."""
    hardening = harden()
    services = Services.create(home)
    config = services.config
    path = socket_path(str(services.paths.vault_file))
    try:
        make_folder(socket_folder())
    except (LocationError, OSError) as exc:
        raise AgentError(f"the agent's socket folder is not safe to use: {exc}") from None
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)
    with only_agent(path):
        remove_socket(path)
        listener = listen(path)
        try:
            if ready_fd is not None:
                os.write(ready_fd, b"ok\n")
                os.close(ready_fd)
                _quiet_stderr()  # the starter stops reading it now
            agent = Agent(
                services,
                idle_seconds=config.agent_idle_minutes * 60,
                lifetime_seconds=config.agent_lifetime_hours * 3600,
                hardening=hardening,
            )
            try:
                serve(agent, listener)
            finally:
                agent.lock()
        finally:
            remove_socket(path)
            listener.close()


def _quiet_stderr() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


#: The agents this process started. They live on after it (in their own session); holding on to
#: their ``Popen`` keeps Python from warning that a running process was forgotten.
STARTED: list[subprocess.Popen[bytes]] = []


def start_background(home: str | None) -> subprocess.Popen[bytes]:
    """Start ``python -m tuiauth.agent`` in its own session; return its process once it listens.

    The new process tells a pipe when its socket is up (or why it could not start), so the caller
    never polls the socket."""
    read_end, write_end = os.pipe()
    # -P: the current folder is not put on the path (a `tuiauth` folder there would run instead).
    argv = [sys.executable, "-P", "-m", "tuiauth.agent", "--ready-fd", str(write_end)]
    if home:
        argv += ["--home", str(Path(home).expanduser().resolve())]
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            pass_fds=(write_end,),
            start_new_session=True,
        )
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as ready:
        said = ready.read(64)
    if said != b"ok\n":
        assert process.stderr is not None
        problem = process.stderr.read(4096).decode("utf-8", "replace").strip().splitlines()
        process.wait()
        raise AgentError(problem[-1].removeprefix("tuiauth: ") if problem else "the agent did not start")
    assert process.stderr is not None
    process.stderr.close()
    STARTED.append(process)
    return process
