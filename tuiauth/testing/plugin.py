"""pytest fixtures for backend plugin authors: ``pytest_plugins = ["tuiauth.testing.plugin"]``.

Put that line in your test suite's top-level ``conftest.py`` (pytest accepts ``pytest_plugins`` only
there), or import the fixtures by name into a conftest. Both fixtures clean up after the test.

``fault_proxy(upstream_port)``
    Starts a ``FaultProxy`` on 127.0.0.1 in front of your server and returns it; stopped at teardown.
``start_server(argv, port, env=None)``
    Starts your server with ``ServerProcess``, waits until ``port`` answers, stops it by PID at
    teardown. Its output goes to a log file in the test's temporary folder.
``webdav_server`` (session)
    A wsgidav server on 127.0.0.1 (``tuiauth.testing.webdav``), shared by the session's tests: each
    test takes a fresh folder with ``webdav_server.new_folder()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from .faultproxy import FaultProxy
from .servers import ServerProcess
from .webdav import WebDavServer, start_wsgidav


@pytest.fixture
def fault_proxy() -> Iterator[Callable[[int], FaultProxy]]:
    started: list[FaultProxy] = []

    def start(upstream_port: int) -> FaultProxy:
        proxy = FaultProxy(upstream_port)
        proxy.start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    started: list[ServerProcess] = []

    def start(argv: Sequence[str], port: int, env: Mapping[str, str] | None = None) -> ServerProcess:
        process = ServerProcess(argv, log=tmp_path / f"server-{len(started)}.log", env=env)
        started.append(process)
        process.wait_for_port(port)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="session")
def webdav_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDavServer]:
    server = start_wsgidav(tmp_path_factory.mktemp("webdav"))
    yield server
    server.stop()
