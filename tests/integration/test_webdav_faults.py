"""Network faults between the ``webdav`` backend and real servers (via a loopback fault proxy).

The kit's fault suite (``tuiauth.testing.HttpBackendFaults``) on every server, then what only WebDAV
has: the words of each gateway reply, and the partial file a server keeps of a cut-off upload.
"""

from __future__ import annotations

import os
import time
from contextlib import closing

import pytest

from tuiauth.core.errors import (
    BackendAuthError,
    BackendError,
    BackendNetworkError,
    BackendPermissionError,
    BackendServerError,
)
from tuiauth.plugins.backends.webdav import WebDavBackend
from tuiauth.testing import FaultProxy, HttpBackendFaults, MakeBackendVia, html_page, object_name

from .servers import DavServer

PAYLOAD = os.urandom(2 * 1024 * 1024)


class TestWebDavFaults(HttpBackendFaults):
    """The kit's fault suite (reset, stall, truncation, a dropped connection, a 5xx burst) on each server."""

    @pytest.fixture
    def upstream_port(self, dav_server: DavServer) -> int:
        return dav_server.port

    @pytest.fixture
    def make_backend_via(self, dav_server: DavServer) -> MakeBackendVia:
        folder = dav_server.new_folder()
        return lambda port: WebDavBackend(
            folder.replace(f":{dav_server.port}/", f":{port}/"), dav_server.user, dav_server.password, timeout=1
        )


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
