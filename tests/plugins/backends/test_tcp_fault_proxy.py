"""``tuiauth.testing.TcpFaultProxy`` in front of a server that speaks no HTTP: a line-echo server
on 127.0.0.1 that greets first (as SSH does), through each fault."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator

import pytest

from tuiauth.testing import TcpFaultProxy

GREETING = b"HELLO-1.0 echo\n"


class Echo(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.wfile.write(GREETING)
        while line := self.rfile.readline():
            self.wfile.write(line)


@pytest.fixture
def proxy() -> Iterator[TcpFaultProxy]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with TcpFaultProxy(server.server_address[1]) as proxy:
            yield proxy
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def connect(proxy: TcpFaultProxy) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=2)
    sock.settimeout(1)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the proxy sends until it closes the connection."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_passes_the_protocol_both_ways(proxy: TcpFaultProxy) -> None:
    with connect(proxy) as sock:
        assert sock.recv(100) == GREETING
        sock.sendall(b"ping\n")
        assert sock.recv(100) == b"ping\n"
    assert proxy.faults_injected == 0


def test_reset_after_some_bytes_towards_the_server(proxy: TcpFaultProxy) -> None:
    proxy.set_fault("reset_upload", after=1000)
    with connect(proxy) as sock, pytest.raises(ConnectionResetError):
        assert sock.recv(100) == GREETING
        for _ in range(100):
            sock.sendall(b"x" * 99 + b"\n")
            sock.recv(65536)
    assert proxy.faults_injected == 1


def test_stall_never_answers_not_even_the_greeting(proxy: TcpFaultProxy) -> None:
    proxy.set_fault("stall")
    with connect(proxy) as sock, pytest.raises(TimeoutError):
        sock.recv(100)


def test_truncate_ends_the_servers_bytes_part_way(proxy: TcpFaultProxy) -> None:
    proxy.set_fault("truncate", after=len(GREETING) + 3)
    with connect(proxy) as sock:
        assert sock.recv(100) == GREETING
        sock.sendall(b"a long line\n")
        assert read_all(sock) == b"a l"


def test_drop_connections_closes_open_ones(proxy: TcpFaultProxy) -> None:
    with connect(proxy) as sock:
        assert sock.recv(100) == GREETING
        proxy.drop_connections()
        assert read_all(sock) == b""
    with connect(proxy) as again:
        assert again.recv(100) == GREETING
    assert proxy.connections == 2
