"""Two and three devices sharing one location, through the CLI, on a local folder and on wsgidav.

Device A backs up Bank and Mail; B restores and chooses to share; B removes Bank; A adds Shop. At
every step, no device's verified backup lacks one of its live accounts; a backup by a device not yet
trusted holds the sync (out of date, saying how to trust it); once trusted, B's deletion reaches A's
trash, where it can be restored, and every device ends with the same accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.backup.servers import server_for
from tuiauth.core import crypto
from tuiauth.core.backup import BackupEngine, read_backup
from tuiauth.core.backup.invariant import compare_live
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager

from .conftest import SECRET, VAULT_PASSWORD, Device

PLUGINS = PluginManager(entrypoints=False)


@pytest.fixture(params=["local", "wsgidav"])
def where(request: pytest.FixtureRequest, tmp_path: Any) -> Callable[[Device], list[str]]:
    """``where(device)``: the options that describe the shared location to that device."""
    if request.param == "local":
        folder = tmp_path / "shared"
        folder.mkdir()
        return lambda device: ["--backend", "local", "--set", f"path={folder}"]
    server = server_for("wsgidav", request.getfixturevalue("running_servers"))
    url = server.new_folder()

    def webdav(device: Device) -> list[str]:
        password = device.home.parent / f"{device.home.name}-dav-password"
        password.write_text(server.password + "\n")
        return ["--backend", "webdav", "--set", f"url={url}", "--set", f"username={server.user}",
                "--set-file", f"password={password}"]  # fmt: skip

    return webdav


def init(device: Device) -> None:
    """A vault named after its home, with the test key profile (``tuiauth init`` calibrates its own)."""
    vault, _ = Vault.create(
        device.home / "vault.tuiauth", VAULT_PASSWORD, kdf=crypto.TEST_KDF, device_name=device.home.name
    )
    vault.close()


def live(device: Device) -> set[str]:
    return {a["issuer"] for a in device.accounts()}


def trash_of(device: Device) -> list[str]:
    result = device("trash", "list", "--json")
    assert result.code == 0, result.err
    return sorted(e["issuer"] for e in result.json())


def assert_verified_backups_complete(*devices: Device) -> None:
    """The invariant: a location shown as up to date holds exactly the device's live accounts."""
    for device in devices:
        with device.vault(write=False) as vault:
            engine = BackupEngine(vault, PLUGINS)
            for status in engine.status():
                if status.marker != "ok":
                    continue
                record = engine.record(status.name)
                backend = PLUGINS.backend(record.backend).factory(record.settings)
                try:
                    backup = read_backup(backend, status.object_name or "", secret=SECRET)
                finally:
                    backend.close()
                assert compare_live(backup.data, vault.data, PLUGINS.methods()) == [], device.home.name


@pytest.mark.parametrize("homes", [2, 3])
def test_devices_sharing_a_location_sync_and_nothing_vanishes(
    devices: Callable[[str], Device], where: Callable[[Device], list[str]], homes: int
) -> None:
    a, b = devices("a"), devices("b")
    init(a)
    for issuer, secret in (("Bank", "GEZDGNBVGY3TQOJQ"), ("Mail", "KRSXG5CTMVRXEZLU")):
        assert a("add", "--issuer", issuer, "--secret", secret).code == 0
    enabled = a("backup", "enable", "--location", "s", *where(a), "--secret-file", str(a.secret_file))
    assert enabled.code == 0, enabled.err
    init(b)
    assert b.restore("s", *where(b), "--share").code == 0
    everyone = [a, b]
    if homes == 3:
        c = devices("c")
        init(c)
        assert c.restore("s", *where(c), "--share").code == 0
        everyone.append(c)
    assert_verified_backups_complete(*everyone)

    removed = b("remove", "Bank", "--yes")
    assert removed.code == 0
    if homes == 3:  # B does not know C, which wrote the head since: the sync waits for B's say-so
        assert "a device this one does not know yet" in removed.err
        assert b("backup", "trust", "--location", "s").code == 0
    assert_verified_backups_complete(*everyone)

    added = a("add", "--issuer", "Shop", "--secret", "ONSWG4TFORZQ")
    assert added.code == 0 and "is out of date: the newest backup there was written by" in added.err
    status = a("backup", "status")
    assert status.code == 1 and "trust it (tuiauth backup trust --location s)" in status.err
    assert live(a) == {"Bank", "Mail", "Shop"}  # nothing from the unknown device was applied
    assert_verified_backups_complete(*everyone)

    trusted = a("backup", "trust", "--location", "s")
    assert trusted.code == 0, trusted.err
    assert live(a) == {"Mail", "Shop"} and trash_of(a) == ["Bank"]  # B's deletion, kept in A's trash
    shared = a("backup", "status")
    assert shared.code == 0 and f"shared with {homes - 1} device" in shared.out
    assert_verified_backups_complete(*everyone)

    for _ in range(2):
        for device in everyone:
            assert device("backup", "now").code == 0
            assert_verified_backups_complete(*everyone)
    assert all(live(d) == {"Mail", "Shop"} for d in everyone)
    assert all(trash_of(d) == ["Bank"] for d in everyone)  # removed on B, deleted by B elsewhere

    assert a("trash", "restore", "Bank").code == 0  # and it syncs back to the others
    for device in everyone:
        assert device("backup", "now").code == 0
    assert all(live(d) == {"Bank", "Mail", "Shop"} for d in everyone)
    assert_verified_backups_complete(*everyone)
