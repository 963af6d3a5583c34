"""Real servers for the integration tests: started once per session on 127.0.0.1, stopped by PID."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .servers import DavServer
from .servers.apache import start_apache
from .servers.nginx import start_nginx
from .servers.wsgidav import start_wsgidav

DAV_SERVERS = {"wsgidav": start_wsgidav, "apache": start_apache, "nginx": start_nginx}


@pytest.fixture(scope="session")
def dav_servers() -> Iterator[dict[str, DavServer]]:
    """The WebDAV servers started so far (each on first use), all stopped at the end of the session."""
    running: dict[str, DavServer] = {}
    yield running
    for server in running.values():
        server.stop()


def _dav_server(name: str, running: dict[str, DavServer]) -> DavServer:
    if name not in running:
        running[name] = DAV_SERVERS[name]()
    return running[name]


@pytest.fixture(params=sorted(DAV_SERVERS))
def dav_server(request: pytest.FixtureRequest, dav_servers: dict[str, DavServer]) -> DavServer:
    """Each WebDAV server in turn."""
    return _dav_server(request.param, dav_servers)


@pytest.fixture
def wsgidav_server(dav_servers: dict[str, DavServer]) -> DavServer:
    return _dav_server("wsgidav", dav_servers)
