"""The network-fault suite: what every storage backend must survive, through a fault proxy.

For plugin authors, beside ``BackendContract``. Subclass ``HttpBackendFaults`` (a backend on HTTP) or
``BackendFaults`` (any other TCP protocol) in a test module whose class name starts with ``Test``,
and provide two fixtures::

    import pytest
    from tuiauth.testing import HttpBackendFaults

    class TestMyStoreFaults(HttpBackendFaults):
        @pytest.fixture
        def upstream_port(self, my_server):
            return my_server.port

        @pytest.fixture
        def make_backend_via(self, my_server, tmp_location):
            # A client for ONE fresh, empty location of this test, connecting to 127.0.0.1:port
            # (the proxy, or the server itself) with a short timeout (about a second).
            return lambda port: MyBackend(f"http://127.0.0.1:{port}/{tmp_location}", timeout=1)

Each test puts one fault between a client and the server, checks the typed error the client raises,
checks through a direct client that nothing appeared under a final name, and then checks that the
next attempt without the fault succeeds:

- a connection reset part-way through an upload: ``BackendNetworkError`` with cause ``reset``;
- a server that accepts and never answers: ``BackendNetworkError`` with cause ``timeout``;
- a reply cut short: ``BackendServerError`` (HTTP, where the reply announces its length) or, for
  other protocols, ``BackendServerError`` or ``BackendNetworkError``;
- a connection dropped between two calls of one client: the next call opens a new one;
- (HTTP) a burst of ``503`` replies: ``BackendServerError`` for each, then success.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import ClassVar

import pytest

from tuiauth.core.errors import BackendError, BackendNetworkError, BackendServerError
from tuiauth.core.specs import Backend

from .contract import object_name
from .faultproxy import FaultProxy, TcpFaultProxy

MakeBackendVia = Callable[[int], Backend]
#: Big enough to cross the proxy's thresholds below, while listings and small requests stay under them.
PAYLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_RESET_AFTER = 256 * 1024
REPLY_CUT_AFTER = 64 * 1024
BURST = 3


class BackendFaults:
    """The fault suite for a backend on any TCP protocol; see the module docstring."""

    proxy_class: ClassVar[type[TcpFaultProxy]] = TcpFaultProxy
    truncated_errors: ClassVar[tuple[type[BackendError], ...]] = (BackendServerError, BackendNetworkError)

    @pytest.fixture
    def proxy(self, upstream_port: int) -> Iterator[TcpFaultProxy]:
        with self.proxy_class(upstream_port) as proxy:
            yield proxy

    @pytest.fixture
    def through(self, proxy: TcpFaultProxy, make_backend_via: MakeBackendVia) -> Iterator[Backend]:
        client = make_backend_via(proxy.port)
        yield client
        client.close()

    @pytest.fixture
    def direct(self, upstream_port: int, make_backend_via: MakeBackendVia) -> Iterator[Backend]:
        client = make_backend_via(upstream_port)
        yield client
        client.close()

    @pytest.fixture
    def payload(self) -> bytes:
        return os.urandom(PAYLOAD_BYTES)

    def test_reset_mid_upload(self, proxy: TcpFaultProxy, through: Backend, direct: Backend, payload: bytes) -> None:
        proxy.set_fault("reset_upload", after=UPLOAD_RESET_AFTER)
        with pytest.raises(BackendNetworkError) as caught:
            through.create(object_name(1), payload)
        assert caught.value.cause == "reset", caught.value
        assert proxy.faults_injected >= 1
        assert direct.list() == []
        proxy.set_fault("pass")
        through.create(object_name(1), payload)
        assert direct.read(object_name(1)) == payload

    def test_stall_past_the_timeout(self, proxy: TcpFaultProxy, through: Backend, direct: Backend) -> None:
        direct.create(object_name(1), b"written before the stall")
        proxy.set_fault("stall")
        with pytest.raises(BackendNetworkError) as caught:
            through.read(object_name(1))
        assert caught.value.cause == "timeout", caught.value
        proxy.set_fault("pass")
        assert through.read(object_name(1)) == b"written before the stall"

    def test_truncated_reply(self, proxy: TcpFaultProxy, through: Backend, direct: Backend, payload: bytes) -> None:
        direct.create(object_name(1), payload)
        through.list()  # signed in (and any handshake done) before the fault
        proxy.set_fault("truncate", after=REPLY_CUT_AFTER)
        with pytest.raises(self.truncated_errors):
            through.read(object_name(1))
        proxy.set_fault("pass")
        assert through.read(object_name(1)) == payload

    def test_reconnects_after_a_dropped_connection(
        self, proxy: TcpFaultProxy, through: Backend, direct: Backend
    ) -> None:
        through.create(object_name(1), b"before the drop")
        opened = proxy.connections
        proxy.drop_connections()
        through.create(object_name(2), b"after the drop")
        assert through.list() == [object_name(1), object_name(2)]
        assert direct.read(object_name(2)) == b"after the drop"
        assert proxy.connections > opened, "the client did not open a new connection"


class HttpBackendFaults(BackendFaults):
    """The fault suite for a backend on HTTP: the TCP faults, a cut-short reply as a server error,
    and a burst of ``503`` replies."""

    proxy_class = FaultProxy
    truncated_errors = (BackendServerError,)

    def test_burst_of_5xx(self, proxy: TcpFaultProxy, through: Backend, direct: Backend) -> None:
        """Every attempt during the burst is a server error naming the status (one ``create`` may
        make several requests, so the burst may be spent in fewer attempts); then it works."""
        assert isinstance(proxy, FaultProxy)
        proxy.set_fault("error", count=BURST)
        failures: list[BackendServerError] = []
        while True:
            try:
                through.create(object_name(1), b"after the burst")
                break
            except BackendServerError as exc:
                failures.append(exc)
                assert "503" in str(exc), exc
                assert len(failures) <= BURST, "the burst is over, yet the create still fails"
                assert direct.list() == []
        assert failures and proxy.faults_injected == BURST
        assert direct.read(object_name(1)) == b"after the burst"
