"""The installed ``tuiauth`` and its terminal: no terminal, no app (one line, exit 2); a terminal that
goes away ends the app at once; ``mouse = false`` leaves the mouse to the terminal; the Linux console
and vt100 get ASCII glyphs in 16 colours.

The app runs on a real pseudo-terminal (80×24) whose master side the test reads and closes, with and
without being the session's controlling terminal: closing the master of a controlling terminal
sends SIGHUP, closing any other leaves only the end of input and write errors.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault
from tuiauth.terminal import HANGUP_EXIT
from tuiauth.testing import require_script

pytestmark = pytest.mark.slow

REFUSAL = "tuiauth: the app needs a terminal"
MOUSE_ON = (b"\x1b[?1000h", b"\x1b[?1003h")


def app_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "NO_COLOR"}}
    env.update(TUIAUTH_HOME=str(tmp_path / "home"), HOME=str(tmp_path), TERM="xterm-256color")
    env.update(extra)
    return env


class PtyApp:
    """The installed ``tuiauth`` on its own pseudo-terminal; the test holds the master side."""

    def __init__(self, env: dict[str, str], *, controlling: bool) -> None:
        command = require_script("tuiauth", "pip install -e .")
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.pid = os.fork()
        if self.pid == 0:  # the child: a new session on the pty, then the command
            try:
                os.setsid()
                if controlling:
                    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                os.execve(command, [command], env)
            finally:
                os._exit(127)
        os.close(slave)
        self.output = b""
        self.status: int | None = None
        self.cpu_seconds = 0.0

    def read_until(self, check: Callable[[bytes], bool], timeout: float = 60.0) -> bytes:
        deadline = time.monotonic() + timeout
        while not check(self.output):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the app wrote {self.output[-2000:]!r}")
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # EIO: the app closed the terminal
                    raise AssertionError(f"the terminal closed; the app wrote {self.output[-2000:]!r}") from None
        return self.output

    def cpu_so_far(self) -> float:
        """User and system CPU seconds the running app has used (from /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait(self, timeout: float) -> bool:
        """Whether the app exited within ``timeout`` (polled, never slept through); then ``status`` is its
        exit status, or minus the signal that killed it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                self.cpu_seconds = usage.ru_utime + usage.ru_stime
                return True
            time.sleep(0.02)
        return False

    def stop(self) -> None:
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = -signal.SIGKILL
        with contextlib.suppress(OSError):
            os.close(self.master)


@pytest.fixture
def start_app(tmp_path: Path) -> Iterator[Callable[..., PtyApp]]:
    apps: list[PtyApp] = []

    def start(*, controlling: bool = True, unset: tuple[str, ...] = (), **env: str) -> PtyApp:
        environment = app_environment(tmp_path, **env)
        for name in unset:
            del environment[name]
        app = PtyApp(environment, controlling=controlling)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.stop()


def first_frame(output: bytes) -> bool:
    return b"Welcome to tuiauth" in output


@pytest.mark.parametrize(
    ("stdin", "stdout"),
    [("/dev/null", "pipe"), ("/dev/null", "terminal"), ("terminal", "pipe")],
)
def test_without_a_terminal_one_line_and_exit_2(tmp_path: Path, stdin: str, stdout: str) -> None:
    """As ``ssh host tuiauth`` without ``-t``, a pipe or a cron job start it: no app is drawn, no
    password is asked in a cooked line; one line says what to do instead."""
    command = require_script("tuiauth", "pip install -e .")
    master, slave = os.openpty()
    try:
        done = subprocess.run(
            [command],
            stdin=subprocess.DEVNULL if stdin == "/dev/null" else slave,
            stdout=subprocess.PIPE if stdout == "pipe" else slave,
            stderr=slave,
            env=app_environment(tmp_path),
            timeout=60,
        )
        os.close(slave)
        written = b""
        with contextlib.suppress(OSError):  # EIO once all is read: no one holds the terminal
            while chunk := os.read(master, 65536):
                written += chunk
    finally:
        with contextlib.suppress(OSError):
            os.close(slave)
        os.close(master)
    lines = written.decode().splitlines()
    assert done.returncode == 2
    assert len(lines) == 1 and lines[0].startswith(REFUSAL), lines
    assert "ssh -t" in lines[0] and "tuiauth code" in lines[0]
    assert b"\x1b" not in written and not done.stdout
    assert not (tmp_path / "home").exists()  # nothing was created


@pytest.mark.parametrize("term", ["dumb", None])
def test_a_terminal_that_cannot_draw_gets_the_same_line(start_app: Callable[..., PtyApp], term: str | None) -> None:
    app = start_app(TERM=term) if term else start_app(unset=("TERM",))
    assert app.wait(60)
    assert app.status == 2
    lines = app.read_until(lambda out: out.endswith(b"\n"), timeout=5).decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(REFUSAL), lines


@pytest.mark.parametrize(
    ("controlling", "how"),
    [(True, "close"), (False, "close"), (False, "sighup")],
    ids=["link-drops-controlling-terminal", "link-drops-plain-pty", "hangup-signal"],
)
def test_a_hangup_ends_the_app_at_once(start_app: Callable[..., PtyApp], controlling: bool, how: str) -> None:
    """The link drops (the pty's master closes) or the app is sent SIGHUP. It exits on its own (the
    exit status of a hangup, not killed by the signal), within 2 s, using little CPU on the way."""
    app = start_app(controlling=controlling)
    app.read_until(first_frame)
    cpu_before = app.cpu_so_far()
    if how == "close":
        os.close(app.master)
    else:
        os.kill(app.pid, signal.SIGHUP)
    assert app.wait(2.0), "the app still runs 2 s after its terminal went away"
    assert app.status == HANGUP_EXIT
    assert app.cpu_seconds - cpu_before < 1.0  # a loop on the closed terminal would burn the whole time
    if how == "sighup":  # the terminal is still there: it is given back (out of the app's screen)
        app.read_until(lambda output: b"\x1b[?1049l" in output, timeout=5)


def test_the_mouse_is_tracked_by_default(start_app: Callable[..., PtyApp]) -> None:
    app = start_app()
    output = app.read_until(first_frame)
    assert all(sequence in output for sequence in MOUSE_ON)


def test_mouse_false_leaves_the_mouse_to_the_terminal(start_app: Callable[..., PtyApp], tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "config.toml").write_text("mouse = false\n")
    app = start_app()
    output = app.read_until(first_frame)
    assert not any(sequence in output for sequence in MOUSE_ON)


@pytest.mark.parametrize("term", ["linux", "vt100"])
def test_the_linux_console_and_vt100_get_ascii_glyphs_in_16_colours(
    start_app: Callable[..., PtyApp], tmp_path: Path, term: str
) -> None:
    """Those consoles' fonts lack ▶ ★ ▮ →, and they draw 16 colours (even where COLORTERM says more)."""
    vault, _ = Vault.create(tmp_path / "home" / "vault.tuiauth", "pw", kdf=TEST_KDF)
    vault.data.accounts.append(Account(issuer="GitHub", name="alice", secret=b"1234567890", favourite=True))
    vault.save()
    app = start_app(TERM=term, COLORTERM="truecolor")
    app.read_until(lambda out: b"Unlock tuiauth" in out)
    os.write(app.master, b"pw\r")
    output = app.read_until(lambda out: b"1 of 1 accounts" in out and b"GitHub" in out)
    shown = output[output.index(b"1 of 1 accounts") :]
    assert b"> * " in shown
    for glyph in ("▶", "★", "▮", "▯", "→"):
        assert glyph.encode() not in shown, glyph
    for sequence in (b"38;2;", b"48;2;", b"38;5;", b"48;5;"):  # truecolor, 256 colours
        assert sequence not in output, sequence
