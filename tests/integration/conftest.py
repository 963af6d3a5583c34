"""Real servers for the integration tests: started once per session on 127.0.0.1, stopped by PID."""

from __future__ import annotations

from typing import Any

import pytest

from .servers import DavServer
from .servers.apache import start_apache
from .servers.nginx import start_nginx
from .servers.wsgidav import start_wsgidav

DAV_SERVERS = {"wsgidav": start_wsgidav, "apache": start_apache, "nginx": start_nginx}


@pytest.fixture(scope="session")
def dav_servers(running_servers: dict[str, Any]) -> dict[str, Any]:
    """The session's shared servers (root ``conftest.py``): each WebDAV server starts on first use."""
    return running_servers


def _dav_server(name: str, running: dict[str, Any]) -> DavServer:
    if name not in running:
        running[name] = DAV_SERVERS[name]()
    return running[name]


@pytest.fixture(params=sorted(DAV_SERVERS))
def dav_server(request: pytest.FixtureRequest, dav_servers: dict[str, Any]) -> DavServer:
    """Each WebDAV server in turn."""
    return _dav_server(request.param, dav_servers)


@pytest.fixture
def wsgidav_server(dav_servers: dict[str, Any]) -> DavServer:
    return _dav_server("wsgidav", dav_servers)
