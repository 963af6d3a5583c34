"""``tuiauth backup check``: exit status and one line per problem against a healthy, a stale, a failed
and a tampered location, each on a local folder and on a real wsgidav."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.backup import BackupEngine, list_backups
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.specs import Backend
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.backends.local import LocalBackend

from .cli_helpers import Cli, Result
from .conftest import SECRET, VAULT_PASSWORD
from .servers import MakePlace, plugins_with_s3

DAYS = 86400.0


class Where:
    """One location under test: its backend settings and a backend to reach it behind tuiauth's back."""

    def __init__(self, kind: str, tmp_path: Path, make_place: MakePlace) -> None:
        if kind == "local":
            folder = tmp_path / "backups"
            folder.mkdir()
            self.backend_name, self.settings = "local", {"path": str(folder)}
        else:
            place = make_place(kind)
            self.backend_name, self.settings = place.backend, dict(place.settings)

    def backend(self) -> Backend:
        return plugins_with_s3().backend(self.backend_name).factory(self.settings)


@pytest.fixture(params=["local", "wsgidav"])
def where(request: pytest.FixtureRequest, tmp_path: Path, make_place: MakePlace) -> Where:
    return Where(str(request.param), tmp_path, make_place)


def vault_path(cli: Cli) -> Path:
    return cli.home / "vault.tuiauth"


def enable(cli: Cli, where: Where, *, clock: float | None = None) -> None:
    """Turn backup on to ``where`` as "home" (made ``clock`` seconds since the epoch, default now)."""
    with Vault.open(vault_path(cli), password=VAULT_PASSWORD, write=True) as vault:
        engine = BackupEngine(vault, PluginManager(entrypoints=False), clock=(lambda: clock) if clock else time.time)
        status = engine.enable("home", where.backend_name, where.settings, SECRET, kdf=TEST_KDF)
        assert status.last_error is None


def change_vault(cli: Cli, change: str) -> None:
    """A change saved behind the CLI's back (as the app would before its automatic backup)."""
    with Vault.open(vault_path(cli), password=VAULT_PASSWORD, write=True) as vault:
        if change == "add":
            vault.data.accounts.append(Account(issuer="Shop", name="bob", secret=b"shop-secret-123456"))
        else:  # "reorder": changes what a backup holds, but no account
            vault.data.accounts.reverse()
        vault.save()


def check(cli: Cli, *args: str) -> Result:
    return cli("backup", "check", *args)


def problems(result: Result) -> list[str]:
    return result.err.strip().splitlines()


def test_healthy(cli: Cli, where: Where) -> None:
    enable(cli, where)
    result = check(cli)
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out.startswith("home: ok (generation 1 written ") and ", 3 accounts)" in result.out
    (entry,) = json.loads(check(cli, "--json").out)
    assert entry["ok"] is True and entry["problems"] == [] and entry["generation"] == 1 and entry["accounts"] == 3


def test_stale(cli: Cli, where: Where) -> None:
    enable(cli, where, clock=time.time() - 3 * DAYS)
    change_vault(cli, "reorder")
    assert check(cli, "--max-age", "7d").code == 0  # holds every account; the change is younger than allowed
    result = check(cli, "--max-age", "2d")
    assert result.code == 1
    (line,) = problems(result)
    assert line.startswith("tuiauth: home: stale: the accounts changed since the last verified backup, made ")
    assert "(3 days ago, more than the allowed 2 days)" in line
    assert check(cli).code == 1  # the default allows one day


def test_differing(cli: Cli, where: Where) -> None:
    enable(cli, where)
    change_vault(cli, "add")
    result = check(cli)
    assert result.code == 1
    (line,) = problems(result)
    assert line.startswith("tuiauth: home: differing: Shop (bob) [id ") and line.endswith("the backup does not hold it")
    assert "shop-secret" not in result.out + result.err


def test_failed(cli: Cli, where: Where) -> None:
    enable(cli, where)
    with Vault.open(vault_path(cli), password=VAULT_PASSWORD, write=True) as vault:
        key = "path" if where.backend_name == "local" else "password"
        vault.data.locations["home"]["settings"][key] = "/no/such/folder" if key == "path" else "not the password"
        vault.save()
    assert cli("backup", "now", "--force").code == 1  # the failure is recorded in the vault
    result = check(cli)
    assert result.code == 1
    kinds = [line.split(": ")[2] for line in problems(result)]
    if where.backend_name == "local":
        assert kinds == ["failed", "unreachable"]
        assert "does not exist" in problems(result)[0]
    else:
        assert kinds == ["sign-in", "unreachable"]
        assert "sign-in failed at" in problems(result)[1]
    assert "not the password" not in result.out + result.err


def test_tampered(cli: Cli, where: Where) -> None:
    enable(cli, where)
    backend = where.backend()
    (newest,) = [info.name for info in list_backups(backend)]
    raw = bytearray(backend.read(newest))
    raw[-5] ^= 0x01
    backend.delete(newest)
    backend.create(newest, bytes(raw))
    backend.close()
    result = check(cli)
    assert result.code == 1
    (line,) = problems(result)
    assert line.startswith(f"tuiauth: home: tampered: generation 1 ({newest}) cannot be used: ")
    assert "could not be read back" in result.out


def test_rollback_and_missing(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli.enable("home", "local", f"path={folder}").code == 0
    assert cli("backup", "now", "--force").code == 0
    newest = max(info.name for info in list_backups(LocalBackend(folder)))
    (folder / newest).unlink()
    line = problems(check(cli))[-1]
    assert line.startswith("tuiauth: home: rollback: the newest backup there is generation 1, but this vault saw")
    for leftover in folder.iterdir():
        leftover.unlink()
    assert problems(check(cli)) == ["tuiauth: home: missing: the location holds no backup"]


def test_usage(cli: Cli, tmp_path: Path) -> None:
    off = check(cli)
    assert off.code == 1 and "backup is off" in off.err
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli.enable("home", "local", f"path={folder}").code == 0
    bad = check(cli, "--max-age", "soon")
    assert bad.code == 2 and "--max-age takes a duration" in bad.err
    assert check(cli, "--max-age", "90m").code == 0
