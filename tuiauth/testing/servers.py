"""Running a real server for a test: a free loopback port, start, wait until it answers, stop by PID.

Every server a test starts listens on 127.0.0.1 only, writes its output to a log file (shown when it
fails to start), and is stopped by its own process id — never by name. ``SshServer`` is a private
OpenSSH server (logins by ``ssh -tt``, SFTP) for the tests that go over SSH.
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


class SshServer:
    """A private OpenSSH server on 127.0.0.1 for one test: ``/usr/sbin/sshd -D -f CONFIG``.

    Everything lives in ``folder``: its own host key, a client key pair authorised for the current
    user (public-key login only, no password, no PAM), the config, the log (``sshd.log``) and
    ``known_hosts`` for the client, so ``ssh`` trusts this host and nothing else. The server runs
    until ``stop()``, which ends it by its PID. It offers the SFTP subsystem (``internal-sftp``).

    ``ssh_argv(command)`` is the client's command line to run ``command`` there (``tty=True``:
    ``ssh -tt``, a terminal even without one here). The login gets sshd's fresh environment, not the
    test's: put what the command needs on its own line (``env NAME=value … program``).

    Needs ``/usr/sbin/sshd`` and ``ssh``/``ssh-keygen`` (Debian: openssh-server, openssh-client); as
    root it creates ``/run/sshd``, the privilege-separation folder sshd insists on.
    """

    def __init__(self, folder: Path, *, sshd: str = "/usr/sbin/sshd", ssh: str = "ssh") -> None:
        import getpass

        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.ssh = ssh
        self.user = getpass.getuser()
        self.port = free_port()
        self.host_key = folder / "host_key"
        self.client_key = folder / "client_key"
        for key in (self.host_key, self.client_key):
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tuiauth-test", "-f", str(key)],
                check=True, stdin=subprocess.DEVNULL, timeout=30,
            )  # fmt: skip
        (folder / "authorized_keys").write_bytes(self.client_key.with_suffix(".pub").read_bytes())
        host_public = self.host_key.with_suffix(".pub").read_text().split()[:2]
        self.known_hosts = folder / "known_hosts"
        self.known_hosts.write_text(f"[{LOOPBACK}]:{self.port} {' '.join(host_public)}\n")
        self.config = folder / "sshd_config"
        self.config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    f"ListenAddress {LOOPBACK}",
                    f"HostKey {self.host_key}",
                    f"PidFile {folder / 'sshd.pid'}",
                    f"AuthorizedKeysFile {folder / 'authorized_keys'}",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "StrictModes no",  # the keys live under the test's temporary folder
                    "UsePAM no",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "Subsystem sftp internal-sftp",
                    "LogLevel VERBOSE",
                    "",
                ]
            )
        )
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)
        self.process = ServerProcess(
            [sshd, "-D", "-f", str(self.config), "-E", str(folder / "sshd.log")], log=folder / "sshd.out"
        )
        self.pid = self.process.pid
        self.process.wait_for_port(self.port)

    def ssh_argv(self, command: str = "", *, tty: bool = False) -> list[str]:
        """The ``ssh`` command line that runs ``command`` (a shell line) there as the current user."""
        return [
            self.ssh,
            *(["-tt"] if tty else ["-T"]),
            "-F", "/dev/null",
            "-p", str(self.port),
            "-i", str(self.client_key),
            "-o", "IdentitiesOnly=yes",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", f"UserKnownHostsFile={self.known_hosts}",
            "-o", "LogLevel=ERROR",
            f"{self.user}@{LOOPBACK}",
            *([command] if command else []),
        ]  # fmt: skip

    def stop(self) -> None:
        self.process.stop()
