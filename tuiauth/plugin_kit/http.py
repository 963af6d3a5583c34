"""Helpers for HTTP storage backends (WebDAV, S3 …): typed errors from httpx failures, safe URLs.

Public for plugin authors: a backend built on httpx turns every transport failure into a
``BackendNetworkError`` whose ``cause`` says what happened (dns, refused, timeout, tls, reset, other),
with a one-line message that names the server but never a credential. httpx is imported lazily, so
importing this stays cheap.
"""

from __future__ import annotations

import errno
import os
import socket
import ssl
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

from ..core.errors import BackendError, BackendNetworkError, BackendServerError

__all__ = [
    "QUOTE_CHARS",
    "QUOTE_READ_BYTES",
    "display_url",
    "network_cause",
    "quote_reply",
    "server_date",
    "server_name",
    "tls_verify",
    "transport_error",
]


#: What a person should read for each network cause: the cause, and whether a retry may help.
_CAUSE_TEXT = {
    "dns": "the server name could not be resolved (check the address)",
    "refused": "the connection was refused (is the server running, is the port right?)",
    "timeout": "the server did not answer in time (try again later)",
    "tls": "the secure connection failed: the server's certificate is not trusted or does not match",
    "reset": "the connection was cut off (try again)",
    "other": "the connection failed (try again)",
}


def tls_verify(ca_file: str) -> ssl.SSLContext | bool:
    """httpx's ``verify``: the system's trust store, or one that trusts ``ca_file`` (a private CA)."""
    if not ca_file:
        return True
    try:
        return ssl.create_default_context(cafile=os.path.expanduser(ca_file))
    except (OSError, ssl.SSLError):
        raise BackendError(f"cannot use {ca_file} as the CA certificate file") from None


def display_url(url: str) -> str:
    """``url`` without user name, password, query or fragment: safe in a message or a log."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def server_date(value: str | None) -> float | None:
    """The unix time of an HTTP ``Date`` header, or None when it is missing or malformed.

    What a backend puts in its ``server_time`` attribute after each reply, so that the app and
    ``tuiauth backup check`` can warn when this computer's clock is off (tuiauth/core/backup/clock.py).
    """
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # an HTTP date is always GMT; a header without a zone is malformed
        return None
    return when.timestamp()


def server_name(url: str) -> str:
    """``host:port`` of ``url``, for messages."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


#: How much of an error reply's body is read for its quotation, and how long the quotation may be.
QUOTE_READ_BYTES = 4096
QUOTE_CHARS = 100


class _VisibleText(HTMLParser):
    """The text a browser would show of an HTML page (or of any markup): tags, comments,
    declarations, scripts and styles left out. Entities are never defined, only the standard
    character references are replaced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")  # <h1>Forbidden</h1><p>… reads as two words, not one
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def quote_reply(body: bytes) -> str:
    """A short quotation of an error reply's body for a message: its visible text (an HTML page from
    a proxy or gateway, plain text …) with control characters removed, whitespace collapsed and
    at most ``QUOTE_CHARS`` characters; "" when nothing readable is left.

    Only the first ``QUOTE_READ_BYTES`` are read; the body is never parsed as XML.
    """
    text = body[:QUOTE_READ_BYTES].decode("utf-8", errors="replace")
    reader = _VisibleText()
    reader.feed(text)
    reader.close()
    printable = "".join(ch if ch.isprintable() and ch != "\ufffd" else " " for ch in "".join(reader.parts))
    visible = " ".join(printable.split())
    if len(visible) > QUOTE_CHARS:
        visible = visible[: QUOTE_CHARS - 1].rstrip() + "…"
    return visible


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception it was raised from (httpx wraps httpcore wraps OSError)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def network_cause(exc: BaseException) -> str:
    """Classify a transport failure: dns, refused, timeout, tls, reset or other."""
    import httpx

    chain = _chain(exc)
    for link in chain:
        if isinstance(link, socket.gaierror):
            return "dns"
        if isinstance(link, ssl.SSLError | ssl.CertificateError):
            return "tls"
        if isinstance(link, ConnectionRefusedError):
            return "refused"
        if isinstance(link, httpx.TimeoutException | TimeoutError | socket.timeout):
            return "timeout"
        if isinstance(link, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
            return "reset"
        if isinstance(link, OSError) and link.errno in (errno.ECONNRESET, errno.EPIPE):
            return "reset"
    text = " ".join(str(link) for link in chain).lower()
    if "name or service not known" in text or "nodename nor servname" in text or "errno -2" in text:
        return "dns"
    if "certificate" in text or "ssl" in text:
        return "tls"
    if "connection refused" in text or "errno 111" in text:
        return "refused"
    if "disconnected" in text or "connection reset" in text or "broken pipe" in text:
        return "reset"
    return "other"


def transport_error(exc: BaseException, url: str) -> BackendError:
    """The typed error for an httpx transport failure talking to ``url``.

    A reply that stops before its announced length is a server fault (``BackendServerError``);
    everything else is a ``BackendNetworkError`` with its cause.
    """
    import httpx

    where = server_name(url)
    text = str(exc).lower()
    if isinstance(exc, httpx.RemoteProtocolError) and ("incomplete" in text or "complete message body" in text):
        return BackendServerError(f"{where}: the server's reply was cut short (try again)")
    if isinstance(exc, httpx.RemoteProtocolError) and "disconnected" not in text:
        return BackendServerError(f"{where}: the server sent a malformed reply")
    cause = network_cause(exc)
    return BackendNetworkError(f"cannot reach {where}: {_CAUSE_TEXT[cause]}", cause=cause)
