"""Running a real server for a test: a free loopback port, start, wait until it answers, stop by PID.

Every server a test starts listens on 127.0.0.1 only, writes its output to a log file (shown when it
fails to start), and is stopped by its own process id — never by name.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def port_answers(port: int, host: str = LOOPBACK) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class ServerProcess:
    """A server started from ``argv``; ``stop()`` ends it (and its process group) by PID."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        log: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.argv = list(argv)
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                self.argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **(env or {})},
                cwd=cwd,
                start_new_session=True,
            )
        self.pid = self.process.pid

    def wait_until(self, ready: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
        """Poll ``ready`` until it is true; stop the server and fail with its log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if ready():
                return
            time.sleep(0.1)
        self.stop()
        tail = self.log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{what or self.argv[0]} did not start (exit {self.process.returncode}):\n{tail}")

    def wait_for_port(self, port: int, timeout: float = 30.0) -> None:
        self.wait_until(lambda: port_answers(port), timeout, f"{Path(self.argv[0]).name} on port {port}")

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM to the server's own process group (it started one), then SIGKILL after ``grace``."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            self.process.wait(grace)
