"""Driving the installed app in a real terminal: a private tmux server (its own socket), read with
``capture-pane`` and driven with ``send-keys``, as tests/e2e does.

``TmuxServer`` starts sessions (one pane each, 80×24 unless told) and gives a ``Pane`` for each; the
server copies OSC 52 into its paste buffer (``set-clipboard on``), which ``show-buffer`` reads back.
``close`` kills the server and the processes of its panes, by their PIDs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping


class TmuxServer:
    def __init__(self) -> None:
        self.socket = f"tuiauth-e2e-{uuid.uuid4().hex[:8]}"
        self._pids: list[int] = []

    def run(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        return done.stdout

    def start(self, name: str, command: str, env: Mapping[str, str], size: tuple[int, int] = (80, 24)) -> Pane:
        """A new session ``name`` whose one pane runs ``command`` (a shell line) in ``env``."""
        first = not self._pids
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
             "-x", str(size[0]), "-y", str(size[1]), command],
            check=True, env=dict(env), timeout=10,
        )  # fmt: skip
        if first:
            self.run("set-option", "-g", "set-clipboard", "on")
        pane = Pane(self, name)
        self._pids.append(pane.pid())
        return pane

    def buffer(self) -> str:
        """The newest paste buffer (what an OSC 52 copy put there)."""
        return self.run("show-buffer").strip()

    def close(self) -> None:
        self.run("kill-server")
        for pid in self._pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


class Pane:
    """The pane of one session: keys in, screen text out."""

    def __init__(self, server: TmuxServer, target: str) -> None:
        self.server = server
        self.target = target

    def pid(self) -> int:
        """The process the pane runs (its shell line)."""
        return int(self.server.run("display-message", "-p", "-t", self.target, "#{pane_pid}").strip())

    def respawn(self, command: str) -> None:
        """Run ``command`` in the pane again (whatever it runs now is killed)."""
        self.server.run("respawn-pane", "-k", "-t", self.target, command)
        self.server._pids.append(self.pid())

    def keys(self, *keys: str) -> None:
        self.server.run("send-keys", "-t", self.target, *keys)
        self.settle()

    def text(self, chars: str) -> None:
        self.server.run("send-keys", "-t", self.target, "-l", chars)
        self.settle()

    def settle(self, quiet: float = 0.4, timeout: float = 10.0) -> None:
        """Wait until the screen stops changing, as a person waits to see what a key did.

        Keys sent while the app is still busy with earlier ones may reach a widget before the focus
        change an earlier Enter asked for (Textual applies focus changes after queued events)."""
        deadline = time.monotonic() + timeout
        last = self.screen()
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.screen()
            if now == last:
                return
            last = now

    def screen(self) -> str:
        return self.server.run("capture-pane", "-p", "-t", self.target)

    def wait_for(self, check: Callable[[str], bool] | str, timeout: float = 30.0) -> str:
        test = (lambda s: check in s) if isinstance(check, str) else check
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {check!r}; the screen shows:\n{self.screen()}")
