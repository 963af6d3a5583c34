"""Fixtures for the backup tests: a vault with accounts, the plugin manager, a local location."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tuiauth.core import crypto
from tuiauth.core.accounts import Account
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.backends.local import LocalBackend

from .servers import ALL, MakePlace, Place, new_place, plugins_with_s3, server_for

if TYPE_CHECKING:
    from .cli_helpers import Cli

VAULT_PASSWORD = "vault password 1"
SECRET = "backup recovery secret"


def make_accounts(count: int, prefix: str = "Site") -> list[Account]:
    return [
        Account(
            issuer=f"{prefix}{i}",
            name=f"user{i}@example.com",
            secret=f"secret-{prefix}-{i}".encode(),
            groups=["work"] if i % 2 else [],
            favourite=i % 3 == 0,
            created_at=1000.0 + i,
            updated_at=1000.0 + i,
        )
        for i in range(count)
    ]


@pytest.fixture
def plugins() -> PluginManager:
    return PluginManager(entrypoints=False)


@pytest.fixture
def vault(tmp_path: Path, fast_kdf: KdfParams) -> Iterator[Vault]:
    opened, _ = Vault.create(tmp_path / "vault" / "vault.tuiauth", VAULT_PASSWORD, kdf=fast_kdf, device_name="laptop")
    opened.data.accounts.extend(make_accounts(3))
    opened.data.settings["groups"] = ["work"]
    opened.save()
    yield opened
    opened.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "backups"
    path.mkdir()
    return path


@pytest.fixture
def local(folder: Path) -> LocalBackend:
    return LocalBackend(folder)


@pytest.fixture
def engine(vault: Vault, plugins: PluginManager) -> BackupEngine:
    return BackupEngine(vault, plugins)


@pytest.fixture
def enabled(engine: BackupEngine, folder: Path, fast_kdf: KdfParams) -> BackupEngine:
    """An engine whose vault backs up to the local folder as location "home"."""
    status = engine.enable("home", "local", {"path": str(folder)}, SECRET, kdf=fast_kdf)
    assert status.last_error is None and status.generation == 1
    return engine


def add_accounts(vault: Vault, accounts: list[Account]) -> None:
    vault.data.accounts.extend(accounts)
    vault.save()


@pytest.fixture
def cli(isolated_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A vault with three accounts at TUIAUTH_HOME; backup key derivation uses the test profile."""
    from .cli_helpers import Cli

    monkeypatch.setattr(crypto, "calibrate_kdf", lambda target_seconds=1.0: crypto.TEST_KDF)
    vault, _ = Vault.create(isolated_home / "vault.tuiauth", VAULT_PASSWORD, kdf=crypto.TEST_KDF)
    vault.data.accounts.extend(make_accounts(3))
    vault.save()
    vault.close()
    return Cli(isolated_home, capsys)


@pytest.fixture(params=ALL)
def place(request: pytest.FixtureRequest, running_servers: dict[str, Any]) -> Place:
    """A fresh location on each real server in turn (WebDAV: wsgidav, Apache, nginx; S3: moto, SeaweedFS)."""
    kind = str(request.param)
    return new_place(kind, server_for(kind, running_servers))


@pytest.fixture
def make_place(running_servers: dict[str, Any]) -> MakePlace:
    """``make_place(kind, timeout=…)``: a fresh location on that server."""
    return lambda kind, timeout=10: new_place(kind, server_for(kind, running_servers), timeout)


@pytest.fixture
def server_plugins() -> PluginManager:
    return plugins_with_s3()
