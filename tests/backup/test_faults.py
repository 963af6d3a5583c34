"""Network faults between the engine and real servers, through ``tuiauth.testing.FaultProxy``.

After each fault: the previous verified backup is still the head, the vault file is byte for byte
what it was, the location's state says what failed and why, and the next attempt succeeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tuiauth.core.backup import AutoBackup, BackupEngine, read_latest
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager
from tuiauth.testing import FaultProxy

from .conftest import SECRET, add_accounts, make_accounts
from .servers import ALL, MakePlace, Place

#: Enough accounts for a backup object of a few hundred KiB: uploads and downloads cross the
#: proxy's byte thresholds while listings stay below them.
ACCOUNTS = 1500
TIMEOUT = 2


@dataclass
class Setup:
    place: Place
    proxy: FaultProxy
    engine: BackupEngine
    vault: Vault
    plugins: PluginManager

    def head(self) -> str:
        backend = self.plugins.backend(self.place.backend).factory(self.place.settings)
        try:
            return read_latest(backend, secret=SECRET).info.name
        finally:
            backend.close()


@pytest.fixture(params=ALL)
def setup(
    request: pytest.FixtureRequest,
    make_place: MakePlace,
    vault: Vault,
    server_plugins: PluginManager,
    fast_kdf: KdfParams,
) -> Iterator[Setup]:
    place = make_place(request.param)
    with FaultProxy(place.port) as proxy:
        add_accounts(vault, make_accounts(ACCOUNTS, "Bulk"))
        engine = BackupEngine(vault, server_plugins)
        status = engine.enable("remote", place.backend, place.via(proxy.port).settings, SECRET, kdf=fast_kdf)
        assert status.last_error is None, status.last_error
        # A short timeout once the location works (a store that just started can be slow at first).
        vault.data.locations["remote"]["settings"]["timeout"] = str(TIMEOUT)
        add_accounts(vault, make_accounts(1, "Pending"))
        yield Setup(place, proxy, engine, vault, server_plugins)


def fails_cleanly(s: Setup, kind: str, cause: str = "") -> str:
    """Back up through the fault; check nothing changed but the state; return the message."""
    head = s.head()
    before = s.vault.path.read_bytes()
    (status,) = s.engine.backup_now()
    assert s.proxy.faults_injected > 0
    error = status.last_error
    assert error is not None and (error.kind, error.cause) == (kind, cause), error
    assert status.marker == "failed" and status.generation == 1 and status.out_of_date
    assert s.vault.path.read_bytes() == before
    assert s.head() == head
    return error.message


def succeeds_next(s: Setup) -> None:
    s.proxy.set_fault("pass")
    (status,) = s.engine.backup_now()
    assert status.last_error is None and status.generation == 2 and status.marker == "ok"
    assert s.head() == status.object_name


def test_reset_mid_upload(setup: Setup) -> None:
    setup.proxy.set_fault("reset_upload", after=64 * 1024)
    message = fails_cleanly(setup, "network", "reset")
    assert "connection was cut off" in message
    succeeds_next(setup)


def test_stall_past_the_timeout(setup: Setup) -> None:
    setup.proxy.set_fault("stall")
    message = fails_cleanly(setup, "network", "timeout")
    assert "did not answer in time" in message
    succeeds_next(setup)


def test_truncated_reply(setup: Setup) -> None:
    setup.proxy.set_fault("truncate", after=16 * 1024)
    message = fails_cleanly(setup, "server")
    assert "cut short" in message
    succeeds_next(setup)


def test_5xx_burst_then_automatic_retries(setup: Setup) -> None:
    now = [0.0]
    auto = AutoBackup(setup.engine, lambda: now[0], debounce=1, retry_base=5)
    setup.proxy.set_fault("error", count=3)
    head, before = setup.head(), setup.vault.path.read_bytes()
    delays = []
    for _ in range(3):
        now[0] = auto.next_due() or 0.0
        (status,) = auto.run_once()
        assert status.last_error is not None and status.last_error.kind == "server", status.last_error
        assert "503" in status.last_error.message
        delays.append((auto.next_due() or 0.0) - now[0])
    assert delays == [5, 10, 20]
    assert setup.vault.path.read_bytes() == before and setup.head() == head
    now[0] = auto.next_due() or 0.0
    (status,) = auto.run_once()
    assert status.last_error is None and status.generation == 2 and setup.head() == status.object_name
