"""Transport failures of HTTP backends become typed errors with their cause."""

from __future__ import annotations

import errno
import socket
import ssl

import httpx
import pytest

from tuiauth.core.errors import BackendNetworkError, BackendServerError
from tuiauth.plugin_kit.http import display_url, network_cause, transport_error


def raised_from(outer: Exception, inner: BaseException) -> Exception:
    """``outer`` as httpx raises it: chained to the low-level error."""
    try:
        try:
            raise inner
        except BaseException as exc:
            raise outer from exc
    except Exception as exc:
        return exc


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (raised_from(httpx.ConnectError("x"), socket.gaierror(socket.EAI_NONAME, "Name or service not known")), "dns"),
        (raised_from(httpx.ConnectError("x"), ConnectionRefusedError(errno.ECONNREFUSED, "refused")), "refused"),
        (raised_from(httpx.ConnectError("x"), ssl.SSLCertVerificationError("certificate verify failed")), "tls"),
        (httpx.ReadTimeout("timed out"), "timeout"),
        (httpx.ConnectTimeout("timed out"), "timeout"),
        (raised_from(httpx.WriteError("x"), BrokenPipeError(errno.EPIPE, "Broken pipe")), "reset"),
        (raised_from(httpx.ReadError("x"), ConnectionResetError(errno.ECONNRESET, "reset by peer")), "reset"),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), "reset"),
        (httpx.ConnectError("[Errno -2] Name or service not known"), "dns"),
        (httpx.ConnectError("[Errno 111] Connection refused"), "refused"),
        (httpx.ConnectError("something new"), "other"),
    ],
)
def test_causes(error: Exception, cause: str) -> None:
    assert network_cause(error) == cause
    typed = transport_error(error, "https://user:pw@dav.example.net:8443/x/")
    assert isinstance(typed, BackendNetworkError) and typed.cause == cause
    assert str(typed).startswith("cannot reach dav.example.net:8443: ")
    assert "pw" not in str(typed)


def test_a_reply_cut_short_is_a_server_error() -> None:
    error = httpx.RemoteProtocolError("peer closed connection without sending complete message body: received 1")
    typed = transport_error(error, "http://127.0.0.1:1/")
    assert isinstance(typed, BackendServerError) and "cut short" in str(typed)


def test_display_url_drops_credentials_query_and_fragment() -> None:
    assert (
        display_url("https://bob:hunter2@cloud.example.net/dav/me/?token=abc#x") == "https://cloud.example.net/dav/me/"
    )
    assert display_url("http://[::1]:8080/d/") == "http://[::1]:8080/d/"


def test_tls_verify_uses_the_system_store_or_the_given_ca(tmp_path) -> None:
    import pytest

    from tuiauth.core.errors import BackendError
    from tuiauth.plugin_kit.http import tls_verify

    assert tls_verify("") is True
    not_a_cert = tmp_path / "ca.pem"
    not_a_cert.write_text("not a certificate")
    with pytest.raises(BackendError, match=r"cannot use .* as the CA certificate file"):
        tls_verify(str(not_a_cert))
    with pytest.raises(BackendError):
        tls_verify(str(tmp_path / "missing.pem"))
