"""Sessions as remote users have them: the installed app over a real SSH login (OpenSSH on 127.0.0.1,
``ssh -tt`` in tmux) — unlock, copy a code by OSC 52 into tmux's buffer, drop the link, log in again
and find a working app — and two apps in two tmux panes on one vault, each seeing the other's change.
"""

from __future__ import annotations

import os
import shlex
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.secrets import b32decode
from tuiauth.core.vault import Vault
from tuiauth.testing import require_binary, require_script
from tuiauth.testing.servers import SshServer
from tuiauth.testing.tmux import Pane, TmuxServer

pytestmark = pytest.mark.slow

PASSWORD = "e2e shared sessions"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


#: Other secrets for the accounts the panes add (the same secret twice is refused as a duplicate).
OTHER_SECRETS = {"Forgejo": "GEZDGNBVGY3TQOJQGEZDGNBV", "Gitea": "MFRGGZDFMZTWQ2LKNNWG23TP"}


def uri(issuer: str) -> str:
    return f"otpauth://totp/{issuer}:dana?secret={OTHER_SECRETS[issuer]}&issuer={issuer}"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A vault (fast test KDF) holding one account, E2E Corp."""
    folder = tmp_path / "home"
    vault, _ = Vault.create(folder / "vault.tuiauth", PASSWORD, kdf=TEST_KDF)
    vault.data.accounts.append(Account(issuer="E2E Corp", name="dana", secret=b32decode(SECRET)))
    vault.save()
    vault.close()
    return folder


@pytest.fixture
def tmux() -> Iterator[TmuxServer]:
    require_binary("tmux", "apt-get install tmux")
    server = TmuxServer()
    try:
        yield server
    finally:
        server.close()


def pane_environment(tmp_path: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "NO_COLOR"}}
    env.update(TUIAUTH_HOME=str(home), HOME=str(tmp_path), TERM="xterm-256color")
    return env


def codes_now() -> set[str]:
    totp, now = pyotp.TOTP(SECRET), time.time()
    return {totp.at(now), totp.at(now - 2)}


def shows_code(screen: str) -> bool:
    return "E2E Corp" in screen and any(f"{c[:3]} {c[3:]}" in screen for c in codes_now())


def unlock(pane: Pane) -> None:
    pane.wait_for("Unlock tuiauth")
    pane.text(PASSWORD)
    pane.keys("Enter")
    pane.wait_for(shows_code)


def processes_of(home: Path) -> list[int]:
    """The PIDs of the processes whose environment names this test's ``TUIAUTH_HOME``."""
    marker = f"TUIAUTH_HOME={home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def child_named(parent: int, name: str) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            comm, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
            if comm == name and int(fields[1]) == parent:
                return int(entry.name)
    raise AssertionError(f"no {name} process under pid {parent}")


def test_over_ssh_unlock_copy_by_osc52_drop_the_link_and_log_in_again(
    sshd: SshServer, tmux: TmuxServer, home: Path, tmp_path: Path
) -> None:
    tuiauth = require_script("tuiauth", "pip install -e .")
    remote = shlex.join(["env", f"TUIAUTH_HOME={home}", "TUIAUTH_NO_ENTRYPOINTS=1", tuiauth])
    # A client killed leaves the app's screen in the pane: a full reset (RIS) before saying so.
    login = f"{shlex.join(sshd.ssh_argv(remote, tty=True))}; s=$?; printf '\\033c'; echo SSH-EXITED-$s; sleep 60"
    pane = tmux.start("ssh", login, pane_environment(tmp_path, tmp_path / "local-home"))
    unlock(pane)
    pane.keys("Enter")
    pane.wait_for("Sent to the terminal")  # no display on the server: OSC 52, through ssh, into tmux
    assert tmux.buffer() in codes_now()

    os.kill(child_named(pane.pid(), "ssh"), 9)  # the link drops: the client dies without a word
    pane.wait_for("SSH-EXITED-")
    deadline = time.monotonic() + 30
    while processes_of(home):  # the app saw the hangup and ended: nothing left holding the vault
        assert time.monotonic() < deadline, f"still running after the link dropped: {processes_of(home)}"
        time.sleep(0.1)

    pane.respawn(login)
    unlock(pane)  # a working app: not locked out by the session that was cut off
    pane.keys("C-q")
    pane.wait_for("SSH-EXITED-0")


def test_two_apps_in_two_panes_share_one_vault(tmux: TmuxServer, home: Path, tmp_path: Path) -> None:
    tuiauth = require_script("tuiauth", "pip install -e .")
    env = pane_environment(tmp_path, home)
    one = tmux.start("one", f"{tuiauth}; echo APP-EXITED-$?; sleep 60", env)
    two = tmux.start("two", f"{tuiauth}; echo APP-EXITED-$?; sleep 60", env)
    unlock(one)
    unlock(two)  # both open, both show the codes

    for here, there, issuer in ((one, two, "Forgejo"), (two, one, "Gitea")):
        here.keys("a")
        here.wait_for("Paste an otpauth:// URI")
        here.text(uri(issuer))
        here.keys("Enter")
        here.wait_for(lambda screen, added=issuer: added in screen and "Paste an otpauth" not in screen)
        there.wait_for(issuer, timeout=10)  # the other pane shows it within a few seconds

    for pane in (one, two):
        pane.keys("C-q")
        pane.wait_for("APP-EXITED-0")
    issuers = sorted(a.issuer for a in Vault.open(home / "vault.tuiauth", password=PASSWORD).data.accounts)
    assert issuers == ["E2E Corp", "Forgejo", "Gitea"]
