"""Backup on the old device, restore on the new, through the CLI against a real WebDAV server
(wsgidav on 127.0.0.1), and the troubleshooting cases made with real faults: a stopped server,
wrong credentials, deleted backups, a non-empty vault, an older generation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.backup.servers import server_for
from tests.integration.servers import DavServer
from tests.integration.servers.wsgidav import start_wsgidav
from tuiauth.pluginmanager import PluginManager

from .conftest import Device, fill_old_device

AT = "1700000000"


@pytest.fixture
def wsgidav(running_servers: dict[str, Any]) -> DavServer:
    return server_for("wsgidav", running_servers)


def _location(server: DavServer, folder: str, device: Device, password: str | None = None) -> list[str]:
    password_file = device.home.parent / "dav-password"
    password_file.write_text((password or server.password) + "\n")
    return ["--backend", "webdav", "--set", f"url={folder}", "--set", f"username={server.user}",
            "--set-file", f"password={password_file}"]  # fmt: skip


def _back_up(old: Device, server: DavServer, folder: str) -> None:
    fill_old_device(old)
    assert old("code", "Bank").code == 0  # HOTP counter 7 → 8 before the backup
    enabled = old("backup", "enable", "--location", "dav", *_location(server, folder, old),
                  "--secret-file", str(old.secret_file))  # fmt: skip
    assert enabled.code == 0, enabled.err


def test_old_device_to_new_device_over_webdav(devices: Callable[[str], Device], wsgidav: DavServer) -> None:
    folder = wsgidav.new_folder()
    old, new = devices("old"), devices("new")
    _back_up(old, wsgidav, folder)
    new.init()
    result = new.restore("dav", *_location(wsgidav, folder, new), "--share")
    assert result.code == 0, result.err
    assert "Restored 4 accounts." in result.out and "Backup is on again for dav: generation 2" in result.out
    keys = ("id", "issuer", "name", "type", "algorithm", "digits", "period", "counter", "groups", "favourite")
    before, after = old.accounts(), new.accounts()
    assert [[a[k] for k in keys] for a in after] == [[a[k] for k in keys] for a in before]
    assert [a["counter"] for a in after if a["type"] == "hotp"] == [8]
    for query in ("GitHub", "Steam", "Mail"):
        assert new("code", query, "--at", AT).out == old("code", query, "--at", AT).out
    assert new("code", "Bank").out == old("code", "Bank").out


def test_troubleshooting_cases_over_webdav(devices: Callable[[str], Device], wsgidav: DavServer) -> None:
    folder = wsgidav.new_folder()
    old, new = devices("old"), devices("new")
    _back_up(old, wsgidav, folder)
    assert old("add", "--issuer", "Extra", "--secret", "ONSWG4TFORZQ").code == 0  # backed up at once: generation 2
    new.init()

    wrong = new.restore("dav", *_location(wsgidav, folder, new, password="not the password"), "--json")
    assert wrong.code == 1 and json.loads(wrong.out)["error"]["kind"] == "sign-in"
    assert wrong.err.startswith("tuiauth: signing in to dav (WebDAV") and "sign in again" in wrong.err

    older = new.restore("dav", *_location(wsgidav, folder, new), "--generation", "1", "--dry-run")
    assert older.code == 0
    assert "warning: this backup (generation 1) is older than generation 2, which is at this location" in older.err

    assert new("add", "--issuer", "Here", "--secret", "ORSXG5DJNZTQ").code == 0
    refused = new.restore("dav", *_location(wsgidav, folder, new))
    assert refused.code == 1 and "the vault already holds 1 account" in refused.err and "(Here)" in refused.err

    merged = new.restore("dav", *_location(wsgidav, folder, new), "--merge", "--share")
    assert merged.code == 0, merged.err
    assert len(new.accounts()) == 6

    spec = PluginManager(entrypoints=False).backend("webdav")
    backend = spec.factory({"url": folder, "username": wsgidav.user, "password": wsgidav.password})
    for name in backend.list():
        backend.delete(name)
    backend.close()
    deleted = devices("third")
    deleted.init()
    none = deleted.restore("dav", *_location(wsgidav, folder, deleted))
    assert none.code == 1 and none.err.startswith("tuiauth: no backup was found at dav (WebDAV")
    again = new.restore("dav", "--merge", "--json")  # the configured location saw generation 3
    assert again.code == 1 and json.loads(again.out)["error"]["kind"] == "deleted"
    assert "add the accounts again by hand" in again.err


def test_stopped_server_is_a_network_problem_with_a_retry(devices: Callable[[str], Device], tmp_path: Path) -> None:
    server = start_wsgidav()
    try:
        folder = server.new_folder()
        old = devices("old")
        _back_up(old, server, folder)
    finally:
        server.stop()
    new = devices("new")
    new.init()
    result = new.restore("dav", *_location(server, folder, new), "--json")
    assert result.code == 1
    problem = json.loads(result.out)["error"]
    assert (problem["kind"], problem["cause"], problem["action"]) == ("network", "refused", "retry")
    (line,) = result.err.strip().splitlines()
    assert line.startswith("tuiauth: cannot reach") and line.endswith("check the connection and retry")
