"""TCP proxies on loopback that inject network faults in front of a real server.

``TcpFaultProxy`` works for any TCP protocol (SSH, FTP, a database …); ``FaultProxy`` adds the
HTTP-only ``error`` fault. Each runs its own asyncio loop in a background thread, so synchronous
code (a backend) can talk through it. Faults, chosen with ``set_fault`` and applied to new
connections:

``pass``          forward everything unchanged (the default).
``reset_upload``  once ``after`` bytes went towards the server on a connection, reset it (TCP RST).
``stall``         accept, read what the client sends and never answer (the client must time out).
``truncate``      forward the server's bytes but close the connection after ``after`` of them.
``error``         (``FaultProxy`` only) answer the next ``count`` HTTP requests itself, then pass:
                  ``503 Service Unavailable`` with an empty body, or the ``status`` and ``body``
                  given (e.g. a gateway's HTML ``403`` page, sent as ``text/html``).

Thresholds count bytes per connection, so small requests (listings) pass and big transfers break.
``drop_connections()`` closes every open connection now, as a server restart or a NAT timeout
does, to check that a client opens a new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from dataclasses import dataclass
from http import HTTPStatus
from typing import Literal, Self

FaultKind = Literal["pass", "reset_upload", "stall", "truncate", "error"]
TcpFaultKind = Literal["pass", "reset_upload", "stall", "truncate"]


def html_page(status: int, text: str) -> bytes:
    """An error page as a proxy, a gateway or a web framework writes it: a document type first,
    a title, a style sheet, the text."""
    title = f"{status} {HTTPStatus(status).phrase}"
    return (
        f"<!DOCTYPE html>\n<html><head><title>{title}</title><style>h1 {{color: red}}</style></head>"
        f"<body><h1>{title}</h1><p>{text}</p><hr><center>gateway</center></body></html>\n"
    ).encode()


@dataclass
class _Fault:
    kind: FaultKind = "pass"
    after: int = 0
    count: int = 0
    status: int = 503
    body: bytes = b""

    def reply(self) -> bytes:
        """The ``error`` fault's whole HTTP reply."""
        head = f"HTTP/1.1 {self.status} {HTTPStatus(self.status).phrase}\r\n"
        if self.body:
            head += "Content-Type: text/html; charset=utf-8\r\n"
        head += f"Content-Length: {len(self.body)}\r\nConnection: close\r\n\r\n"
        return head.encode() + self.body


class _Injected(Exception):
    """A fault was injected on this connection: stop both directions."""


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST instead of FIN (SO_LINGER with a zero timeout)."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class TcpFaultProxy:
    """``TcpFaultProxy(upstream_port).start()`` returns the port to connect to instead; ``stop()``
    ends it. Used as a context manager, it starts on entry and stops on exit."""

    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self.connections = 0
        self.faults_injected = 0
        self._fault = _Fault()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._clients: set[asyncio.StreamWriter] = set()

    def set_fault(self, kind: TcpFaultKind, *, after: int = 0) -> None:
        """Apply a fault from now on; open connections are closed, so a client's pooled connection
        cannot slip past it (the client sees them closed and opens new ones)."""
        self._apply(_Fault(kind, after))

    def _apply(self, fault: _Fault) -> None:
        self._fault = fault
        self.drop_connections()

    def drop_connections(self) -> None:
        """Close every connection open through the proxy (the server is not told)."""
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self._drop_connections(), self._loop).result(10)

    def start(self) -> int:
        self._thread.start()
        self.port = asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(10)
        return self.port

    def stop(self) -> None:
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _listen(self) -> int:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return int(self._server.sockets[0].getsockname()[1])

    async def _drop_connections(self) -> None:
        for writer in list(self._clients):
            writer.close()
        await asyncio.sleep(0.05)

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._clients):
            writer.close()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=5)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._clients.add(writer)
        self.connections += 1
        try:
            await self._serve(reader, writer, self._fault)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            self._tasks.discard(task)
            self._clients.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, fault: _Fault) -> None:
        if fault.kind == "stall":
            self.faults_injected += 1
            while await reader.read(65536):
                pass
            return
        if await self._answer_itself(reader, writer, fault):
            return
        up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        pumps = [
            asyncio.create_task(self._pump(reader, up_writer, writer, fault if fault.kind == "reset_upload" else None)),
            asyncio.create_task(self._pump(up_reader, writer, writer, fault if fault.kind == "truncate" else None)),
        ]
        try:
            done, pending = await asyncio.wait(pumps, return_when=asyncio.FIRST_EXCEPTION)
            for task in pending:
                task.cancel()
            for task in done:
                task.exception()
        finally:
            for task in pumps:
                task.cancel()
            up_writer.close()

    async def _pump(
        self,
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        client: asyncio.StreamWriter,
        fault: _Fault | None,
    ) -> None:
        sent = 0
        while data := await source.read(65536):
            if fault is not None and sent + len(data) > fault.after:
                self.faults_injected += 1
                if fault.kind == "truncate":
                    sink.write(data[: fault.after - sent])
                    await sink.drain()
                    sink.close()
                else:
                    _reset(client)
                raise _Injected
            sink.write(data)
            await sink.drain()
            sent += len(data)
        if sink.can_write_eof():
            with contextlib.suppress(OSError):
                sink.write_eof()

    async def _answer_itself(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, fault: _Fault) -> bool:
        """Whether the proxy answered this connection itself (never, for plain TCP)."""
        return False


class FaultProxy(TcpFaultProxy):
    """The fault proxy for HTTP servers: ``TcpFaultProxy``'s faults and the ``error`` reply."""

    def set_fault(
        self, kind: FaultKind, *, after: int = 0, count: int = 0, status: int = 503, body: bytes = b""
    ) -> None:
        """Apply a fault from now on (see the module docstring); open connections are closed."""
        self._apply(_Fault(kind, after, count, status, body))

    async def _answer_itself(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, fault: _Fault) -> bool:
        if fault.kind != "error" or fault.count <= 0:
            return False
        fault.count -= 1
        self.faults_injected += 1
        await self._answer_error(reader, writer, fault.reply())
        return True

    @staticmethod
    async def _answer_error(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, reply: bytes) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            key, _, value = line.partition(b":")
            if key.strip().lower() == b"content-length" and value.strip().isdigit():
                length = int(value.strip())
        if length:
            await reader.readexactly(length)
        writer.write(reply)
        await writer.drain()
