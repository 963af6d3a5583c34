"""Each WebDAV trouble gives its own typed error and one clear line, never a secret."""

from __future__ import annotations

import socket
from contextlib import closing

import pytest

from tuiauth.core.errors import (
    BackendAuthError,
    BackendError,
    BackendNetworkError,
    BackendNotFoundError,
)
from tuiauth.plugins.backends.webdav import SPEC, WebDavBackend
from tuiauth.testing import free_port, missing, object_name

from .servers import DavServer


def assert_clear(error: BackendError, server: DavServer | None = None) -> None:
    """One line, no traceback text, and never the password."""
    text = str(error)
    assert "\n" not in text and "Traceback" not in text
    if server is not None:
        assert server.password not in text


def test_wrong_password_says_sign_in_failed(dav_server: DavServer) -> None:
    backend = WebDavBackend(dav_server.new_folder(), dav_server.user, "wrong password")
    with closing(backend), pytest.raises(BackendAuthError, match=r"sign-in failed .*check the user name") as caught:
        backend.list()
    assert_clear(caught.value, dav_server)
    assert "wrong password" not in str(caught.value)


def test_digest_sign_in_works_and_fails_cleanly(wsgidav_server: DavServer) -> None:
    folder = wsgidav_server.new_folder()
    with closing(WebDavBackend(folder, wsgidav_server.user, wsgidav_server.password, auth="digest")) as good:
        good.create(object_name(1), b"digest")
        assert good.list() == [object_name(1)]
    bad = WebDavBackend(folder, wsgidav_server.user, "nope", auth="digest")
    with closing(bad), pytest.raises(BackendAuthError):
        bad.read(object_name(1))


def test_missing_folder_names_the_folder(dav_server: DavServer) -> None:
    url = dav_server.url + "not-created-yet/"
    with closing(WebDavBackend(url, dav_server.user, dav_server.password)) as backend:
        for call in (backend.list, lambda: backend.read(object_name(1)), lambda: backend.create(object_name(1), b"x")):
            with pytest.raises(BackendNotFoundError, match=r"the folder .*/not-created-yet/ does not exist") as caught:
                call()
            assert_clear(caught.value, dav_server)


def test_refused_port() -> None:
    port = free_port()  # bound and closed again: nothing listens there now
    backend = WebDavBackend(f"http://127.0.0.1:{port}/dav/", "alice", "secret-password")
    with closing(backend), pytest.raises(BackendNetworkError, match="connection was refused") as caught:
        backend.list()
    assert caught.value.cause == "refused"
    assert_clear(caught.value)
    assert "secret-password" not in str(caught.value)


def test_name_that_does_not_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    """Made in-process: getaddrinfo fails as it does for an unknown name, and no DNS query is sent."""
    asked: list[str] = []

    def no_such_name(host: str, *args: object, **kwargs: object) -> list[object]:
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    backend = WebDavBackend("https://dav.tuiauth-test.invalid/backups/", "alice", "secret-password")
    with closing(backend), pytest.raises(BackendNetworkError, match="could not be resolved") as caught:
        backend.create(object_name(1), b"x")
    assert caught.value.cause == "dns"
    assert asked == ["dav.tuiauth-test.invalid"]
    assert "dav.tuiauth-test.invalid" in str(caught.value)


def test_untrusted_certificate_is_a_tls_error(dav_servers: dict[str, DavServer]) -> None:
    from .conftest import _dav_server

    server = _dav_server("nginx", dav_servers)
    if not server.tls_url:
        missing("the program openssl (no certificate for the TLS test)", "apt-get install openssl")
    folder = server.new_folder().replace(server.url, server.tls_url)
    untrusted = WebDavBackend(folder, server.user, server.password)
    with closing(untrusted), pytest.raises(BackendNetworkError, match="certificate") as caught:
        untrusted.list()
    assert caught.value.cause == "tls"
    with closing(WebDavBackend(folder, server.user, server.password, ca_file=server.ca_file)) as trusted:
        trusted.create(object_name(1), b"over TLS")
        assert trusted.read(object_name(1)) == b"over TLS"


def test_spec_fields_and_description_hold_no_secret() -> None:
    assert [f.name for f in SPEC.fields if f.secret] == ["password"]
    settings = {"url": "https://bob:hunter2@cloud.example.net/dav/?x=1", "username": "bob", "password": "hunter2"}
    assert SPEC.describe(settings) == "WebDAV https://cloud.example.net/dav/ as bob"
    with closing(SPEC.factory(settings)) as backend:
        assert "hunter2" not in repr(backend)
    with pytest.raises(BackendError, match="must start with https://"):
        SPEC.factory({"url": "ftp://example.net/"})
