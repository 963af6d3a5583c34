"""Network faults between the ``s3`` backend and real stores (through a loopback fault proxy): the kit's
fault suite, then the words of each gateway reply."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from s3_servers import S3Server
from tuiauth_s3 import S3Backend

from tuiauth.plugin_kit.errors import (
    BackendAuthError,
    BackendError,
    BackendPermissionError,
    BackendServerError,
)
from tuiauth.testing import FaultProxy, HttpBackendFaults, MakeBackendVia, html_page, object_name


@dataclass
class Proxied:
    proxy: FaultProxy
    backend: S3Backend  # through the proxy
    direct: S3Backend  # straight to the store


@pytest.fixture
def proxied(s3_server: S3Server) -> Iterator[Proxied]:
    bucket = s3_server.new_bucket()
    with FaultProxy(s3_server.port) as proxy:
        backend = S3Backend(f"http://127.0.0.1:{proxy.port}", bucket, s3_server.credentials, timeout=1)
        direct = S3Backend(s3_server.endpoint, bucket, s3_server.credentials)
        backend.list()  # the bucket check is done before any fault
        yield Proxied(proxy, backend, direct)
        backend.close()
        direct.close()


class TestS3Faults(HttpBackendFaults):
    """The kit's fault suite (reset, stall, truncation, a dropped connection, a 5xx burst) on each store."""

    @pytest.fixture
    def upstream_port(self, s3_server: S3Server) -> int:
        return s3_server.port

    @pytest.fixture
    def make_backend_via(self, s3_server: S3Server) -> MakeBackendVia:
        bucket = s3_server.new_bucket()
        return lambda port: S3Backend(f"http://127.0.0.1:{port}", bucket, s3_server.credentials, timeout=1)


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (403, BackendPermissionError, "refused: these keys are not allowed to list objects in s3://"),
        (401, BackendAuthError, "sign-in failed at 127.0.0.1:{port}: check the access key and the secret key"),
        (503, BackendServerError, "answered 503 Service Unavailable: try again later (it said: 503 Service"),
    ],
)
def test_a_gateways_html_page_is_read_by_its_status(
    proxied: Proxied, status: int, kind: type[BackendError], words: str
) -> None:
    """A proxy in front of the store answers with its own HTML page (a document type first)."""
    proxied.proxy.set_fault("error", count=1, status=status, body=html_page(status, "Refused by the gateway."))
    with pytest.raises(BackendError) as caught:
        proxied.backend.create(object_name(1), b"refused by the gateway")
    assert type(caught.value) is kind
    assert words.format(port=proxied.proxy.port) in str(caught.value)
    assert "document type" not in str(caught.value)
    assert "Refused by the gateway." in str(caught.value) or status == 401
    assert proxied.direct.list() == []
