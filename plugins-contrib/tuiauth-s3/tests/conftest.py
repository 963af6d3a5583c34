"""S3 servers for the tuiauth-s3 tests: each started once per session (on first use), stopped by PID."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from s3_servers import S3Server, start_moto, start_seaweedfs

S3_SERVERS = {"moto": start_moto, "seaweedfs": start_seaweedfs}


@pytest.fixture(scope="session")
def s3_servers(request: pytest.FixtureRequest) -> Iterator[dict[str, S3Server]]:
    """The servers started so far. Run from the tuiauth repository, these are its suite's shared
    ``running_servers`` (one moto and one SeaweedFS per session for every test that uses them)."""
    try:
        yield request.getfixturevalue("running_servers")
        return
    except pytest.FixtureLookupError:
        pass
    running: dict[str, S3Server] = {}
    yield running
    for server in running.values():
        server.stop()


def _s3_server(name: str, running: dict[str, S3Server]) -> S3Server:
    if name not in running:
        running[name] = S3_SERVERS[name]()
    return running[name]


@pytest.fixture(params=sorted(S3_SERVERS))
def s3_server(request: pytest.FixtureRequest, s3_servers: dict[str, S3Server]) -> S3Server:
    """Each S3 server in turn."""
    return _s3_server(request.param, s3_servers)


@pytest.fixture
def moto_server(s3_servers: dict[str, S3Server]) -> S3Server:
    return _s3_server("moto", s3_servers)


@pytest.fixture
def seaweedfs_server(s3_servers: dict[str, S3Server]) -> S3Server:
    return _s3_server("seaweedfs", s3_servers)
