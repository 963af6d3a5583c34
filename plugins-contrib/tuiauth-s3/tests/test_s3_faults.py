"""Network faults between the ``s3`` backend and real stores (through a loopback fault proxy)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from s3_servers import S3Server
from tuiauth_s3 import S3Backend

from tuiauth.plugin_kit.errors import (
    BackendAuthError,
    BackendError,
    BackendNetworkError,
    BackendPermissionError,
    BackendServerError,
)
from tuiauth.testing import FaultProxy, html_page, object_name

PAYLOAD = os.urandom(2 * 1024 * 1024)


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


def test_reset_mid_upload(proxied: Proxied) -> None:
    proxied.proxy.set_fault("reset_upload", after=256 * 1024)
    with pytest.raises(BackendNetworkError, match="cut off") as caught:
        proxied.backend.create(object_name(1), PAYLOAD)
    assert caught.value.cause == "reset"
    assert proxied.direct.list() == []
    proxied.proxy.set_fault("pass")
    proxied.backend.create(object_name(1), PAYLOAD)
    assert proxied.direct.read(object_name(1)) == PAYLOAD


def test_stall_past_the_timeout(proxied: Proxied) -> None:
    proxied.proxy.set_fault("stall")
    with pytest.raises(BackendNetworkError, match="did not answer in time") as caught:
        proxied.backend.read(object_name(1))
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
            proxied.backend.create(object_name(1), b"refused by the burst")
    assert proxied.direct.list() == []
    proxied.backend.create(object_name(1), b"after the burst")
    assert proxied.direct.read(object_name(1)) == b"after the burst"


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
