"""The fixtures plugin authors get from ``tuiauth.testing.plugin``, on a real (tiny) server."""

from __future__ import annotations

import sys
from collections.abc import Callable

import httpx

from tuiauth.testing import FaultProxy, ServerProcess, free_port, port_answers
from tuiauth.testing.plugin import fault_proxy, start_server

__all__ = ["fault_proxy", "start_server"]  # fixtures, registered by being imported here


def test_start_server_then_proxy_faults(
    start_server: Callable[..., ServerProcess], fault_proxy: Callable[[int], FaultProxy]
) -> None:
    port = free_port()
    server = start_server([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)], port)
    proxy = fault_proxy(port)
    assert httpx.get(f"http://127.0.0.1:{proxy.port}/").status_code == 200
    proxy.set_fault("error", count=1)
    assert httpx.get(f"http://127.0.0.1:{proxy.port}/").status_code == 503
    assert httpx.get(f"http://127.0.0.1:{proxy.port}/").status_code == 200
    assert proxy.faults_injected == 1
    server.stop()
    assert server.process.poll() is not None and not port_answers(port)
