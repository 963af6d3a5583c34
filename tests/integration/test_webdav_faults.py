"""Network faults between the ``webdav`` backend and real servers (via a loopback fault proxy).

Each fault becomes its own typed error, nothing half-written shows up under a final name, and the
next attempt after the fault succeeds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass

import pytest

from tuiauth.core.errors import (
    BackendAuthError,
    BackendError,
    BackendNetworkError,
    BackendPermissionError,
    BackendServerError,
)
from tuiauth.plugins.backends.webdav import WebDavBackend
from tuiauth.testing import FaultProxy, html_page, object_name

from .servers import DavServer

PAYLOAD = os.urandom(2 * 1024 * 1024)


@dataclass
class Proxied:
    proxy: FaultProxy
    backend: WebDavBackend  # through the proxy
    direct: WebDavBackend  # straight to the server, to check what really is there


@pytest.fixture
def proxied(dav_server: DavServer) -> Iterator[Proxied]:
    folder = dav_server.new_folder()
    with FaultProxy(dav_server.port) as proxy:
        through = folder.replace(f":{dav_server.port}/", f":{proxy.port}/")
        backend = WebDavBackend(through, dav_server.user, dav_server.password, timeout=1)
        direct = WebDavBackend(folder, dav_server.user, dav_server.password)
        yield Proxied(proxy, backend, direct)
        backend.close()
        direct.close()


def test_reset_mid_upload(proxied: Proxied) -> None:
    proxied.proxy.set_fault("reset_upload", after=256 * 1024)
    with pytest.raises(BackendNetworkError, match="cut off") as caught:
        proxied.backend.create(object_name(1), PAYLOAD)
    assert caught.value.cause == "reset"
    assert proxied.proxy.faults_injected >= 1
    assert proxied.direct.list() == []
    proxied.proxy.set_fault("pass")
    proxied.backend.create(object_name(1), PAYLOAD)
    assert proxied.direct.read(object_name(1)) == PAYLOAD


def test_stall_past_the_timeout(proxied: Proxied) -> None:
    proxied.proxy.set_fault("stall")
    with pytest.raises(BackendNetworkError, match="did not answer in time") as caught:
        proxied.backend.list()
    assert caught.value.cause == "timeout"
    proxied.proxy.set_fault("pass")
    assert proxied.backend.list() == []


def test_truncated_reply(proxied: Proxied) -> None:
    proxied.direct.create(object_name(1), PAYLOAD)
    proxied.proxy.set_fault("truncate", after=64 * 1024)
    with pytest.raises(BackendServerError, match="cut short"):
        proxied.backend.read(object_name(1))
    proxied.proxy.set_fault("pass")
    assert proxied.backend.read(object_name(1)) == PAYLOAD


def test_burst_of_5xx(proxied: Proxied) -> None:
    proxied.proxy.set_fault("error", count=3)
    for _ in range(3):
        with pytest.raises(BackendServerError, match="503"):
            proxied.backend.list()
    assert proxied.backend.list() == []
    proxied.backend.create(object_name(1), b"after the burst")
    assert proxied.direct.read(object_name(1)) == b"after the burst"


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (
            403,
            BackendPermissionError,
            "refused: this account is not allowed to write files in http://127.0.0.1:{port}/",
        ),
        (401, BackendAuthError, "sign-in failed at 127.0.0.1:{port}: check the user name and password"),
        (503, BackendServerError, "answered 503 Service Unavailable to write files: try again later (it said: 503"),
    ],
)
def test_a_gateways_html_page_is_read_by_its_status(
    wsgidav_server: DavServer, status: int, kind: type[BackendError], words: str
) -> None:
    """A proxy in front of the server answers with its own HTML page (a document type first)."""
    folder = wsgidav_server.new_folder()
    with FaultProxy(wsgidav_server.port) as proxy:
        through = folder.replace(f":{wsgidav_server.port}/", f":{proxy.port}/")
        with closing(WebDavBackend(through, wsgidav_server.user, wsgidav_server.password)) as backend:
            proxy.set_fault("error", count=1, status=status, body=html_page(status, "Refused by the gateway."))
            with pytest.raises(BackendError) as caught:
                backend.create(object_name(1), b"refused by the gateway")
            assert type(caught.value) is kind
            assert words.format(port=proxy.port) in str(caught.value)
            assert backend.list() == []


def test_partial_temporary_file_is_swept_later(wsgidav_server: DavServer) -> None:
    """wsgidav keeps the partial file of an aborted PUT; it is never listed, and a later listing
    removes it once it is stale."""
    folder = wsgidav_server.new_folder()
    on_disk = wsgidav_server.data / folder.rstrip("/").rpartition("/")[2]
    with FaultProxy(wsgidav_server.port) as proxy:
        proxy.set_fault("reset_upload", after=256 * 1024)
        broken = WebDavBackend(
            folder.replace(f":{wsgidav_server.port}/", f":{proxy.port}/"), wsgidav_server.user, wsgidav_server.password
        )
        with closing(broken), pytest.raises(BackendNetworkError):
            broken.create(object_name(1), PAYLOAD)
    deadline = time.monotonic() + 5  # wsgidav notices the cut-off upload in its own time
    while not (leftovers := [p for p in on_disk.iterdir() if p.name.startswith(".tuiauth-tmp-")]):
        assert time.monotonic() < deadline, "wsgidav kept no partial file"
        time.sleep(0.05)
    assert leftovers and leftovers[0].stat().st_size < len(PAYLOAD), "wsgidav kept a partial file"
    with closing(WebDavBackend(folder, wsgidav_server.user, wsgidav_server.password)) as backend:
        assert backend.list() == []
        assert list(on_disk.iterdir()) == leftovers, "a fresh temporary file is left alone"
        backend.stale_after = 0
        assert backend.list() == []
    assert list(on_disk.iterdir()) == []
