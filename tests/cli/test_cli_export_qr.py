"""`tuiauth export` for a phone: google-transfer leaves out (and lists) what it cannot carry, prints
one QR code per batch with "batch i of n" (one screen at a time on a terminal, Enter between them),
every code fitting 80×24 and scanning back; and one account can be exported alone."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
from pathlib import Path

import pytest

from tuiauth.core import exporting
from tuiauth.core.accounts import Account
from tuiauth.core.vault import Vault
from tuiauth.plugins.importers import google_transfer as transfer_importer

from ..qr_scan import ESCAPES, code_size, scan
from .helpers import PASSWORD, tuiauth_command

IMPORTER = next(s for s in transfer_importer.tuiauth_importers() if s.name == "google-transfer")
ACCOUNTS = [
    Account(issuer="GitHub", name="alice@example.com", secret=b"g" * 20),
    Account(issuer="GitLab", name="alice", secret=b"l" * 20, type="hotp", counter=7),
    Account(issuer="Steam", name="bob", secret=b"s" * 20, type="steam", digits=5),
    Account(issuer="Slow", name="carol", secret=b"w" * 20, period=60),
    Account(issuer="Proton", name="dave@proton.me", secret=b"p" * 20, algorithm="SHA256", digits=8),
]


@pytest.fixture
def filled(vault_path: Path) -> Path:
    vault = Vault.open(vault_path, password=PASSWORD, write=True)
    vault.data.accounts.extend(ACCOUNTS)
    vault.save()
    vault.close()
    return vault_path


def _imported(uris: list[str]) -> set[tuple[str, str, bytes]]:
    result = IMPORTER.parse("\n".join(uris).encode(), None)
    assert result.problems == []
    return {(d.issuer, d.name, d.secret) for d in result.drafts}


def _carried() -> set[tuple[str, str, bytes]]:
    return {(a.issuer, a.name, a.secret) for a in ACCOUNTS if a.issuer not in ("Steam", "Slow")}


def test_google_transfer_leaves_out_and_lists_what_it_cannot_carry(cli, filled: Path) -> None:
    result = cli("export", "--format", "google-transfer", "--yes")
    assert result.code == 0, result.err
    assert "Left out of the Google Authenticator transfer (2)" in result.err
    assert "Steam (bob): Google Authenticator has no steam accounts" in result.err
    assert "Slow (carol): Google Authenticator only uses 30-second codes, not 60" in result.err
    pages = result.out.split(exporting.PAGE_BREAK)
    assert [f"batch {i} of {len(pages)}" in page for i, page in enumerate(pages, 1)] == [True] * len(pages)
    for page in pages:
        columns, rows = code_size(page.splitlines())
        assert columns <= 80 and rows <= 24
    assert _imported([scan(page.splitlines()) for page in pages]) == _carried()


def test_google_transfer_to_a_file_is_0600_and_never_overwrites(cli, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "transfer.txt"
    assert cli("export", "--format", "google-transfer", "--yes", "-o", str(out)).code == 0
    assert out.stat().st_mode & 0o777 == 0o600
    listing, *pages = out.read_text().split(exporting.PAGE_BREAK)
    assert "Steam (bob)" in listing
    assert _imported([scan(page.splitlines()) for page in pages]) == _carried()
    again = cli("export", "--format", "google-transfer", "--yes", "-o", str(out))
    assert again.code == 1 and "already exists" in again.err


def test_one_account_by_query_or_option(cli, filled: Path) -> None:
    alone = cli("export", "--format", "otpauth", "--yes", "github")
    assert alone.code == 0, alone.err
    assert alone.out.count("otpauth://") == 1 and "GitHub:alice@example.com" in alone.out
    assert cli("export", "--format", "otpauth", "--yes", "--account", "github").out == alone.out
    transfer = cli("export", "--format", "google-transfer", "--yes", "--account", "proton")
    assert "batch 1 of 1" in transfer.out and transfer.err == ""
    assert _imported([scan(transfer.out.splitlines())]) == {("Proton", "dave@proton.me", b"p" * 20)}
    ambiguous = cli("export", "--format", "otpauth", "--yes", "git")
    assert ambiguous.code == 1 and "matches 2 accounts" in ambiguous.err and ambiguous.out == ""
    nothing = cli("export", "--format", "google-transfer", "--yes", "steam")
    assert nothing.code == 1 and "has no steam accounts" in nothing.err and nothing.out == ""


class Terminal:
    """``tuiauth`` in a pseudo-terminal of 80×24, as a person runs it."""

    def __init__(self, *args: str) -> None:
        self.fd, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
        self.process = subprocess.Popen([tuiauth_command(), *args], stdin=child, stdout=child, stderr=child, env=env)
        os.close(child)
        self.output = b""
        self.shown = 0  # how much of the output the screens read so far cover

    def read_screen(self) -> str:
        """The screen drawn since the last clear, once it is whole: it waits for Enter (the key line
        is there) and its code is complete (a code's last line is all quiet zone). A hang fails."""
        while True:
            fresh = self.output[self.shown :]
            screen = ESCAPES.sub("", fresh.decode(errors="ignore").split("\x1b[2J")[-1])
            if b"\x1b[2J" in fresh and "Enter: " in screen and re.search(r"█{21,}$", screen):
                self.shown = len(self.output)
                return screen
            ready, _, _ = select.select([self.fd], [], [], 30)
            assert ready, f"tuiauth stopped writing; the screen shows:\n{screen}"
            self.output += os.read(self.fd, 65536)

    def press_enter(self) -> None:
        os.write(self.fd, b"\r")

    def close(self) -> int:
        """Wait for tuiauth to end, keeping what it wrote last."""
        code = self.process.wait(timeout=30)
        while select.select([self.fd], [], [], 0)[0]:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the child's side is closed: everything was read
                break
            if not chunk:
                break
            self.output += chunk
        os.close(self.fd)
        return code


def test_on_a_terminal_one_batch_per_screen_with_enter_between(filled: Path, password_file: Path) -> None:
    terminal = Terminal("export", "--format", "google-transfer", "--yes", "--password-file", str(password_file))
    screens: list[str] = []
    count = 0
    while True:
        screen = terminal.read_screen()
        screens.append(screen)
        count = count or int(screen.split("batch 1 of ")[1].split()[0])
        assert f"batch {len(screens)} of {count}" in screen
        lines = screen.replace("\r", "").split("\n")
        assert len(lines) <= 24 and max(len(line) for line in lines) <= 80
        terminal.press_enter()
        if len(screens) == count:
            break
    assert terminal.close() == 0
    assert "Enter: done" in screens[-1] and terminal.output.endswith(b"\x1b[2J\x1b[H")  # nothing left on screen
    assert "Steam (bob)" in terminal.output.decode().split("\x1b[2J")[0]  # listed before the first code
    assert _imported([scan(screen.replace("\r", "").split("\n")) for screen in screens]) == _carried()
