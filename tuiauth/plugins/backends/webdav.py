"""The ``webdav`` backend: a folder on a WebDAV server (Nextcloud, ownCloud, Apache, nginx, a NAS …).

Create-only commit: ``PUT`` to a hidden temporary name, then ``MOVE`` it to the final name with
``Overwrite: F`` (the server answers 412 when the name is taken). A server that checks ``Overwrite``
without locking can let two racing writers both succeed, which is why the backup engine reads every
commit back and names objects by their content hash. TLS certificates are always verified.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from tuiauth import BackendSpec, FormField
from tuiauth.hookspecs import hookimpl
from tuiauth.plugin_kit.errors import (
    BackendAuthError,
    BackendError,
    BackendExistsError,
    BackendNotFoundError,
    BackendPermissionError,
    BackendServerError,
)
from tuiauth.plugin_kit.http import display_url, quote_reply, server_date, server_name, tls_verify, transport_error
from tuiauth.plugin_kit.names import MAX_OBJECT_BYTES, TEMP_PREFIX, check_name, is_object_name

from ._webdav_xml import MAX_LISTING_BYTES, PROPFIND_BODY, Entry, parse_listing

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True)
class _Reply:
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


class WebDavBackend:
    """Objects are files in the WebDAV collection at ``url``."""

    #: Seconds after which a leftover temporary file is surely not an upload still in progress.
    stale_after: float = 3600.0
    #: The server's time from the ``Date`` header of the last reply (tuiauth/core/backup/clock.py).
    server_time: float | None = None

    def __init__(
        self,
        url: str,
        username: str = "",
        password: str = "",
        *,
        auth: str = "basic",
        ca_file: str = "",
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx

        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise BackendError("the WebDAV address must start with https:// (or http://) and name a server")
        self.url = url if url.endswith("/") else url + "/"
        self.where = server_name(self.url)
        verify = tls_verify(ca_file)
        credentials: httpx.Auth | None = None
        if username:
            credentials = (httpx.DigestAuth if auth == "digest" else httpx.BasicAuth)(username, password)
        self._client = httpx.Client(
            auth=credentials, verify=verify, timeout=httpx.Timeout(timeout), transport=transport
        )

    def __repr__(self) -> str:
        return f"WebDavBackend({display_url(self.url)!r})"

    def _object_url(self, name: str) -> str:
        return self.url + quote(name)

    def _request(self, method: str, url: str, **kwargs: Any) -> _Reply:
        """One request, its body read in full (capped); transport failures become typed errors."""
        import httpx

        cap = MAX_LISTING_BYTES if method == "PROPFIND" else MAX_OBJECT_BYTES
        try:
            with self._client.stream(method, url, **kwargs) as response:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > cap:
                        raise BackendServerError(f"{self.where}: the reply to {method} is too large")
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.url) from None
        self.server_time = server_date(response.headers.get("Date")) or self.server_time
        return _Reply(response.status_code, response.reason_phrase, response.headers, bytes(body))

    def _status_error(self, response: _Reply, doing: str, name: str = "") -> BackendError:
        """The status decides the error; the body (often a proxy's HTML page) is only quoted."""
        status = response.status
        said = quote_reply(response.body)
        quoted = f" (it said: {said})" if said else ""
        if status == 401:
            return BackendAuthError(f"sign-in failed at {self.where}: check the user name and password")
        if status == 403:
            return BackendPermissionError(
                f"{self.where} refused: this account is not allowed to {doing} in {display_url(self.url)}{quoted}"
            )
        if status in (404, 409, 410) and not name:
            return BackendNotFoundError(
                f"the folder {display_url(self.url)} does not exist on the server (create it, or fix the address)"
            )
        if status in (404, 410):
            return BackendNotFoundError(f"{name} is not in {display_url(self.url)}")
        if status == 507:
            return BackendServerError(f"{self.where} is out of storage space")
        if status >= 500:
            return BackendServerError(
                f"{self.where} answered {status} {response.reason} to {doing}: try again later{quoted}"
            )
        return BackendServerError(f"{self.where} answered {status} {response.reason} to {doing}{quoted}")

    def list(self) -> list[str]:
        response = self._request(
            "PROPFIND",
            self.url,
            headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            content=PROPFIND_BODY,
        )
        if response.status != 207:
            raise self._status_error(response, "list files")
        entries = parse_listing(response.body, urlsplit(self.url).path, self.where)
        self._sweep(entries)
        return sorted(e.name for e in entries if is_object_name(e.name))

    def _sweep(self, entries: Iterable[Entry]) -> None:
        """Delete temporary files of long-gone commits (a server such as wsgidav keeps the partial
        file of an aborted PUT). Only names with our temporary prefix, older than ``stale_after``."""
        cutoff = datetime.now(UTC) - timedelta(seconds=self.stale_after)
        for entry in entries:
            if entry.name.startswith(TEMP_PREFIX) and entry.modified is not None and entry.modified <= cutoff:
                self._discard(self._object_url(entry.name))

    def read(self, name: str) -> bytes:
        response = self._request("GET", self._object_url(check_name(name)), headers={"Accept-Encoding": "identity"})
        if response.status == 404 or response.status == 410:
            self._check_folder()
        if response.status != 200:
            raise self._status_error(response, "read files", name)
        announced = response.headers.get("Content-Length")
        if announced is not None and announced.isdigit() and int(announced) != len(response.body):
            raise BackendServerError(f"{self.where}: the server's reply for {name} was cut short (try again)")
        return response.body

    def _check_folder(self) -> None:
        """Raise the folder's own error when the folder is missing (so "no object" is not misread)."""
        response = self._request("PROPFIND", self.url, headers={"Depth": "0"})
        if response.status != 207:
            raise self._status_error(response, "list files")

    def create(self, name: str, data: bytes) -> None:
        final = self._object_url(check_name(name))
        temp = self._object_url(TEMP_PREFIX + os.urandom(8).hex())
        response = self._request("PUT", temp, content=data, headers={"Content-Type": "application/octet-stream"})
        if response.status not in (200, 201, 204):
            if response.status not in (401, 403):
                self._check_folder()  # nginx answers a PUT into a missing folder with a 500
            raise self._status_error(response, "write files")
        try:
            moved = self._request("MOVE", temp, headers={"Destination": final, "Overwrite": "F"})
        except BackendError:
            self._discard(temp)
            raise
        if moved.status in (201, 204):
            return
        self._discard(temp)
        if moved.status == 412 or (moved.status >= 500 and self._exists(final)):
            # Some servers (wsgidav) answer a lost MOVE race with a 500, not a 412: nothing was
            # overwritten, the other writer's object is there.
            raise BackendExistsError(f"{name} already exists in {display_url(self.url)}")
        raise self._status_error(moved, "rename files", name)

    def _exists(self, url: str) -> bool:
        try:
            return self._request("PROPFIND", url, headers={"Depth": "0"}).status == 207
        except BackendError:
            return False

    def _discard(self, url: str) -> None:
        """Remove a temporary file after a failed commit; a failure here changes nothing."""
        try:
            self._request("DELETE", url)
        except BackendError:
            return

    def delete(self, name: str) -> None:
        response = self._request("DELETE", self._object_url(check_name(name)))
        if response.status in (404, 410):
            self._check_folder()
        if response.status not in (200, 204):
            raise self._status_error(response, "delete files", name)

    def close(self) -> None:
        self._client.close()


def _make(settings: Mapping[str, str]) -> WebDavBackend:
    timeout = settings.get("timeout", "") or "30"
    return WebDavBackend(
        settings.get("url", "").strip(),
        settings.get("username", ""),
        settings.get("password", ""),
        auth=settings.get("auth", "") or "basic",
        ca_file=settings.get("ca_file", ""),
        timeout=float(timeout) if timeout.isdigit() else 30.0,
    )


def _describe(settings: Mapping[str, str]) -> str:
    user = settings.get("username", "")
    return f"WebDAV {display_url(settings.get('url', ''))}" + (f" as {user}" if user else "")


SPEC = BackendSpec(
    name="webdav",
    label="WebDAV server",
    fields=(
        FormField(
            name="url",
            label="Folder address",
            kind="url",
            help="The address of an existing folder on the server",
            placeholder="https://cloud.example.com/remote.php/dav/files/me/tuiauth/",
        ),
        FormField(name="username", label="User name", required=False),
        FormField(name="password", label="Password", kind="password", required=False, secret=True),
        FormField(
            name="auth",
            label="Sign-in method",
            kind="choice",
            choices=("basic", "digest"),
            default="basic",
            required=False,
        ),
        FormField(
            name="ca_file",
            label="CA certificate file",
            kind="path",
            required=False,
            help="A PEM file to trust, for a server whose certificate is not from a public authority",
        ),
        FormField(name="timeout", label="Timeout (seconds)", kind="int", default="30", required=False),
    ),
    factory=_make,
    describe=_describe,
    description="Encrypted backups in a folder on any WebDAV server; certificates are always verified.",
)


@hookimpl
def tuiauth_backends() -> list[BackendSpec]:
    return [SPEC]
