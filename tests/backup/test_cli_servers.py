"""``tuiauth backup`` against real servers: each account or network problem gets its own one-line
message with what to do (network and sign-in). Nothing leaves 127.0.0.1 — the name that does not resolve
fails inside this process, before any DNS query."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from tuiauth.core.vault import Vault
from tuiauth.testing import free_port

from .cli_helpers import Cli, Result
from .conftest import VAULT_PASSWORD
from .servers import MakePlace, Place


@pytest.fixture(autouse=True)
def s3_plugin_from_its_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed tuiauth-s3 package, loaded the way a user's would be (only it)."""
    monkeypatch.delenv("TUIAUTH_NO_ENTRYPOINTS", raising=False)
    monkeypatch.setenv("TUIAUTH_PLUGINS_ALLOW", "s3")


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Name resolution answered in-process: loopback names resolve, every other name fails."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in ("127.0.0.1", "localhost", "::1"):
            return real(host, *args, **kwargs)
        asked.append(name)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def enable(cli: Cli, place: Place, tmp_path: Path) -> None:
    args = []
    for key, value in place.settings.items():
        if key in ("password", "secret_key", "access_key"):
            path = tmp_path / f"field-{key}"
            path.write_text(value + "\n")
            args.append(f"@{key}={path}")
        else:
            args.append(f"{key}={value}")
    result = cli.enable("remote", place.backend, *args)
    assert result.code == 0, result.err


def change(cli: Cli, **settings: str) -> None:
    """Change the stored sign-in values (as when a password expires or a server moves)."""
    with Vault.open(cli.home / "vault.tuiauth", password=VAULT_PASSWORD, write=True) as vault:
        vault.data.locations["remote"]["settings"].update(settings)
        vault.save()


def failure(cli: Cli) -> str:
    result: Result = cli("backup", "now", "--force")  # the accounts did not change: force a new generation
    assert result.code == 1 and "Traceback" not in result.err
    (line,) = result.err.strip().splitlines()
    assert line.startswith("tuiauth: backup to 'remote' failed: ")
    return line


def test_each_problem_has_its_own_message(cli: Cli, make_place: MakePlace, tmp_path: Path, lookups: list[str]) -> None:
    messages = {}

    apache = make_place("apache")
    enable(cli, apache, tmp_path)
    change(cli, password="not the password")
    messages["webdav sign-in"] = line = failure(cli)
    assert f"sign-in failed at 127.0.0.1:{apache.port}: check the user name and password" in line
    assert "tuiauth backup signin --location remote" in line
    status = cli("backup", "status")
    assert status.code == 1 and "needs signing in again" in status.out
    assert cli("backup", "remove", "--location", "remote").code == 0

    moto = make_place("moto")
    enable(cli, moto, tmp_path)
    change(cli, secret_key="not-the-secret-key")
    messages["s3 sign-in"] = line = failure(cli)
    assert "check the access key and the secret key" in line
    change(cli, secret_key=moto.settings["secret_key"], bucket="no-such-bucket-here")
    messages["s3 bucket"] = line = failure(cli)
    assert "no-such-bucket-here" in line and "create the folder or bucket" in line
    assert cli("backup", "remove", "--location", "remote").code == 0

    nginx = make_place("nginx")
    enable(cli, nginx, tmp_path)
    gone = httpx.request("DELETE", nginx.settings["url"], auth=(nginx.settings["username"], nginx.settings["password"]))
    assert gone.status_code in (200, 204)
    messages["webdav folder"] = line = failure(cli)
    assert "does not exist on the server" in line and "create the folder or bucket" in line

    change(cli, url="http://backup.invalid:8443/dav/")
    messages["name lookup"] = line = failure(cli)
    assert "cannot reach backup.invalid:8443: the server name could not be resolved" in line
    assert "try again later" in line and lookups == ["backup.invalid"]

    port = free_port()
    change(cli, url=f"http://127.0.0.1:{port}/dav/")
    messages["refused"] = line = failure(cli)
    assert f"cannot reach 127.0.0.1:{port}: the connection was refused" in line

    assert len(set(messages.values())) == len(messages)
