"""Clock skew: HTTP backends report the server's ``Date``; ``backup check`` says when this computer's
clock is more than 30 s off. Real servers on 127.0.0.1; the skew comes from a fake clock on our side."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tuiauth.core.backup import BackupEngine
from tuiauth.core.backup.check import check_location
from tuiauth.core.backup.clock import offset_of, server_time, skew_message
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault
from tuiauth.plugin_kit.http import server_date
from tuiauth.testing.app import FakeClock

from .conftest import SECRET
from .servers import MakePlace, plugins_with_s3


def test_server_date_parses_http_dates_only() -> None:
    assert server_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777.0
    for bad in (None, "", "yesterday", "Sun, 06 Nov 1994 08:49:37", "Sun, 99 Nov 1994 08:49:37 GMT"):
        assert server_date(bad) is None


def test_only_a_usable_server_time_counts() -> None:
    class Reports:
        server_time: object = None

    backend = Reports()
    assert server_time(backend) is None and offset_of(object(), 0.0) is None
    for bad in (True, "1000", float("nan"), -5.0):
        backend.server_time = bad
        assert server_time(backend) is None
    backend.server_time = 1000.0
    assert offset_of(backend, 900.0) == 100.0


def test_messages_say_which_way_and_how_far() -> None:
    assert skew_message(95.0, "the server").startswith("this computer's clock is 95 s behind the clock of the server")
    assert skew_message(-3 * 3600.0, "nas").startswith("this computer's clock is 3 h 0 min ahead of the clock of nas")
    assert "13 days ahead" in skew_message(-13 * 86400.0, "x")


@pytest.mark.parametrize("kind", ["wsgidav", "moto"])
def test_backends_report_the_servers_date(kind: str, make_place: MakePlace) -> None:
    place = make_place(kind)
    backend = plugins_with_s3().backend(place.backend).factory(place.settings)
    try:
        assert server_time(backend) is None  # no reply yet
        before = time.time()
        backend.list()
        after = time.time()
    finally:
        backend.close()
    reported = server_time(backend)
    assert reported is not None and int(before) - 1 <= reported <= after + 1


@pytest.mark.parametrize("skew", [0.0, 45.0, -600.0])
def test_check_warns_beyond_thirty_seconds(
    skew: float, make_place: MakePlace, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    place = make_place("wsgidav")
    plugins = plugins_with_s3()
    vault, _ = Vault.create(tmp_path / "v", "vault password 1", kdf=fast_kdf)
    with vault:
        clock = FakeClock(time.time() + skew)
        engine = BackupEngine(vault, plugins, clock=clock)
        assert engine.enable("nas", place.backend, place.settings, SECRET, kdf=fast_kdf).last_error is None
        found = check_location(engine, "nas", max_age=None, clock=clock)
    assert found.clock_offset is not None and abs(found.clock_offset + skew) <= 2
    if skew == 0.0:
        assert found.ok
    else:
        (problem,) = found.problems
        direction = "ahead of" if skew > 0 else "behind"
        assert problem.kind == "clock" and problem.message == skew_message(found.clock_offset, "the server")
        assert direction in problem.message


def test_local_folder_has_no_server_clock(tmp_path: Path, fast_kdf: KdfParams) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    vault, _ = Vault.create(tmp_path / "v", "vault password 1", kdf=fast_kdf)
    with vault:
        clock = FakeClock(time.time() + 3600)
        engine = BackupEngine(vault, plugins_with_s3(), clock=clock)
        engine.enable("home", "local", {"path": str(folder)}, SECRET, kdf=fast_kdf)
        found = check_location(engine, "home", max_age=None, clock=clock)
    assert found.ok and found.clock_offset is None
