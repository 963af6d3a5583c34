"""Each S3 trouble gives its own typed error and one clear line, never a key."""

from __future__ import annotations

import socket
from contextlib import closing

import httpx
import pytest
from s3_servers import S3Server
from tuiauth_s3 import Credentials, S3Backend
from tuiauth_s3.plugin import SPEC

from tuiauth.plugin_kit.errors import BackendAuthError, BackendError, BackendNetworkError, BackendNotFoundError
from tuiauth.testing import free_port, object_name


def assert_clear(error: BackendError, *secrets: str) -> None:
    text = str(error)
    assert "\n" not in text and "Traceback" not in text
    for secret in secrets:
        assert secret not in text


def test_wrong_secret_key(s3_server: S3Server) -> None:
    bucket = s3_server.new_bucket()
    backend = S3Backend(s3_server.endpoint, bucket, Credentials(s3_server.credentials.access_key, "WRONG-SECRET"))
    with closing(backend), pytest.raises(BackendAuthError, match="check the access key and the secret") as caught:
        backend.list()
    assert_clear(caught.value, "WRONG-SECRET", s3_server.credentials.secret_key)


def test_unknown_access_key(s3_server: S3Server) -> None:
    backend = S3Backend(s3_server.endpoint, s3_server.new_bucket(), Credentials("AKIDNOBODY0000000000", "x"))
    with closing(backend), pytest.raises(BackendAuthError):
        backend.create(object_name(1), b"x")


def test_missing_bucket_is_reported_not_created(s3_server: S3Server) -> None:
    """SeaweedFS would create the bucket on PutObject: the backend checks it first."""
    with closing(S3Backend(s3_server.endpoint, "never-made-bucket", s3_server.credentials)) as backend:
        with pytest.raises(BackendNotFoundError, match="the bucket never-made-bucket does not exist") as caught:
            backend.create(object_name(1), b"x")
        assert_clear(caught.value, s3_server.credentials.secret_key)
        with pytest.raises(BackendNotFoundError):
            backend.list()


def test_refused_port() -> None:
    backend = S3Backend(f"http://127.0.0.1:{free_port()}", "bucket", Credentials("AKID", "SECRET"))
    with closing(backend), pytest.raises(BackendNetworkError, match="connection was refused") as caught:
        backend.list()
    assert caught.value.cause == "refused"
    assert_clear(caught.value, "SECRET")


def test_name_that_does_not_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process: getaddrinfo fails for the name as a resolver would; no DNS query leaves."""

    def no_such_name(host: str, *args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    backend = S3Backend("https://s3.tuiauth-test.invalid", "bucket", Credentials("AKID", "SECRET"))
    with closing(backend), pytest.raises(BackendNetworkError, match="could not be resolved") as caught:
        backend.read(object_name(1))
    assert caught.value.cause == "dns"


def test_virtual_host_addressing_puts_the_bucket_in_the_host(moto_server: S3Server) -> None:
    """Requests go to ``<bucket>.<endpoint host>`` (signed as such); a transport routes that made-up
    name to moto on loopback, which reads the bucket from the Host header."""
    bucket = moto_server.new_bucket()
    seen: list[str] = []
    real = httpx.HTTPTransport()

    class ToLoopback(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request.url.host)
            request.url = request.url.copy_with(host="127.0.0.1")
            return real.handle_request(request)

    virtual = S3Backend(
        f"http://s3.tuiauth-test.invalid:{moto_server.port}",
        bucket,
        moto_server.credentials,
        addressing="virtual",
        transport=ToLoopback(),
    )
    with closing(virtual), closing(real):
        virtual.create(object_name(1), b"virtual")
        assert virtual.list() == [object_name(1)]
    assert set(seen) == {f"{bucket}.s3.tuiauth-test.invalid"}
    with closing(S3Backend(moto_server.endpoint, bucket, moto_server.credentials)) as path_style:
        assert path_style.read(object_name(1)) == b"virtual"


def test_settings_build_a_backend_without_showing_keys() -> None:
    settings = {"endpoint": "http://127.0.0.1:9", "bucket": "my-bucket", "access_key": "AKID", "secret_key": "SHHH"}
    with closing(SPEC.factory(settings)) as backend:
        assert "SHHH" not in repr(backend) and "SHHH" not in repr(backend.credentials)
    with pytest.raises(BackendError, match="not a valid bucket name"):
        SPEC.factory({"bucket": "No_Such/Bucket", "access_key": "a", "secret_key": "b"})
