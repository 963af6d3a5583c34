"""Bytes the installed app writes to its terminal while nobody touches it, against one full frame.

Over a slow link (a phone's SSH client, mosh, a congested line) what the app writes while idle is
what makes it feel heavy. The installed ``tuiauth`` (the console script beside this Python) runs in
a pseudo-terminal at 80×24 and at 120×40 over a vault of 20 TOTP accounts (fast test KDF: unlocking
takes a moment); the password is typed, the accounts screen settles, then every byte written over
IDLE seconds (30 by default) is counted. One full frame is what the app writes to redraw the whole
screen after a resize. The budget (README, docs/config.md) is 600 B/s at 80×24 with 20 accounts.
``--reduced-motion`` measures with ``reduced_motion = true`` in the config.

    python benchmarks/idle_output.py [--reduced-motion]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from tuiauth.core.accounts import Account
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault

IDLE = float(os.environ.get("IDLE", "30"))
SIZES = ((80, 24), (120, 40))
ACCOUNTS = 20
PASSWORD = "benchmark"
BUDGET = 600  # bytes a second, at 80×24


def installed_command() -> str:
    beside = Path(sys.executable).parent / "tuiauth"
    found = str(beside) if beside.is_file() else shutil.which("tuiauth")
    if found is None:
        raise SystemExit("the tuiauth command is not installed beside this Python nor on PATH")
    return found


def make_home(root: Path, reduced_motion: bool) -> Path:
    home = root / "home"
    vault, _ = Vault.create(home / "vault.tuiauth", PASSWORD, kdf=TEST_KDF)
    issuers = ["GitHub", "GitLab", "Google", "Microsoft", "Amazon", "Dropbox", "Slack", "Proton", "Bank", "Mail"]
    for i in range(ACCOUNTS):
        issuer = issuers[i % len(issuers)]
        vault.data.accounts.append(
            Account(issuer=issuer, name=f"user{i}@example.com", secret=(i + 1).to_bytes(2, "big") * 10)
        )
    vault.save()
    vault.close()
    config = home / "config.toml"
    config.write_text(f"reduced_motion = {'true' if reduced_motion else 'false'}\n", encoding="utf-8")
    return home


class Terminal:
    """The app on a pseudo-terminal of ``columns``×``lines``; ``read`` collects what it writes."""

    def __init__(self, command: str, home: Path, columns: int, lines: int) -> None:
        self.master, slave = os.openpty()
        self.resize(columns, lines, fd=slave)
        env = {
            **os.environ,
            "TUIAUTH_HOME": str(home),
            "TUIAUTH_NO_ENTRYPOINTS": "1",
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
        }
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "COLUMNS", "LINES"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [command],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=_controlling_terminal,  # a resize then sends it SIGWINCH, as a terminal does
            close_fds=True,
        )
        os.close(slave)

    def resize(self, columns: int, lines: int, *, fd: int | None = None) -> None:
        fcntl.ioctl(self.master if fd is None else fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))

    def read(self, seconds: float) -> int:
        """Bytes written over ``seconds``."""
        total, deadline = 0, time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                total += len(chunk)
        return total

    def read_until(self, marker: bytes, limit: float = 60.0) -> None:
        """Read until ``marker`` was written (SystemExit after ``limit`` seconds)."""
        seen, deadline = b"", time.monotonic() + limit
        while marker not in seen:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.master], [], [], max(0.0, left))
            if not ready:
                raise SystemExit(f"the app did not show {marker!r} within {limit:g} s")
            chunk = os.read(self.master, 65536)
            if not chunk:
                raise SystemExit(f"the app ended before showing {marker!r}")
            seen = seen[-len(marker) :] + chunk

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.master)


def _controlling_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def measure(command: str, columns: int, lines: int, reduced_motion: bool) -> tuple[float, int]:
    """(bytes a second while idle, bytes of one full frame)."""
    with tempfile.TemporaryDirectory(prefix="tuiauth-idle-") as root:
        terminal = Terminal(command, make_home(Path(root), reduced_motion), columns, lines)
        try:
            terminal.read_until(b"Unlock")
            terminal.read(1.0)  # the rest of the unlock screen
            terminal.type(PASSWORD + "\r")
            terminal.read_until(f"{ACCOUNTS} of {ACCOUNTS} accounts".encode())
            terminal.read(3.0)  # the accounts screen settles
            idle = terminal.read(IDLE)
            terminal.resize(columns - 1, lines)
            terminal.read(1.0)
            terminal.resize(columns, lines)
            frame = terminal.read(0.9)
        finally:
            terminal.close()
    return idle / IDLE, frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reduced-motion", action="store_true", help="with reduced_motion = true")
    args = parser.parse_args()
    command = installed_command()
    print(f"{command}: {ACCOUNTS} accounts, {IDLE:g} s idle" + (", reduced motion" if args.reduced_motion else ""))
    for columns, lines in SIZES:
        rate, frame = measure(command, columns, lines, args.reduced_motion)
        verdict = "" if (columns, lines) != SIZES[0] else (" ok" if rate <= BUDGET else f" OVER {BUDGET} B/s")
        print(f"{columns}×{lines}: {rate:7.0f} B/s idle; one full frame {frame:6d} B{verdict}")


if __name__ == "__main__":
    main()
