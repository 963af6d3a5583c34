"""The S3 backend: objects in a bucket (optionally under a prefix) of any S3-compatible store.

Create-only commit: ``PutObject`` with ``If-None-Match: *`` — the store itself refuses (412) when the
key exists, atomically (AWS since 2024, MinIO, Ceph RGW, SeaweedFS, moto). The payload's SHA-256 is
signed, so a store never keeps an upload that was cut short.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tuiauth.plugin_kit.crypto import sha256
from tuiauth.plugin_kit.errors import BackendError, BackendServerError
from tuiauth.plugin_kit.http import display_url, server_date, server_name, tls_verify, transport_error
from tuiauth.plugin_kit.names import MAX_OBJECT_BYTES, check_name, is_object_name

from .replies import MAX_XML_BYTES, ErrorContext, parse_list_page, status_error
from .sigv4 import EMPTY_SHA256, Credentials, encode_path, encode_query, sign

if TYPE_CHECKING:
    import httpx

BUCKET_PATTERN = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
PREFIX_PATTERN = re.compile(r"([A-Za-z0-9._-]+/)*")


@dataclass(frozen=True)
class _Reply:
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


class S3Backend:
    """A bucket (and key prefix) on an S3-compatible endpoint, signed with SigV4."""

    #: The store's time from the ``Date`` header of the last reply (tuiauth's clock-skew warning).
    server_time: float | None = None

    def __init__(
        self,
        endpoint: str,
        bucket: str,
        credentials: Credentials,
        *,
        region: str = "us-east-1",
        addressing: str = "path",
        prefix: str = "",
        ca_file: str = "",
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx

        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BackendError("the S3 endpoint must start with https:// (or http://) and name a server")
        if not BUCKET_PATTERN.fullmatch(bucket):
            raise BackendError(f"{bucket[:70]!r} is not a valid bucket name")
        prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        if not PREFIX_PATTERN.fullmatch(prefix):
            raise BackendError("the prefix may hold only letters, digits, '.', '_', '-' and '/'")
        self.bucket, self.prefix, self.region = bucket, prefix, region or "us-east-1"
        self.credentials = credentials
        self.scheme = parts.scheme
        self.virtual = addressing == "virtual"
        self.host = f"{bucket}.{parts.netloc}" if self.virtual else parts.netloc
        self.base_path = "" if self.virtual else f"/{bucket}"
        self.where = server_name(f"{self.scheme}://{self.host}")
        self.location = f"s3://{bucket}/{prefix}"
        verify = tls_verify(ca_file)
        self._bucket_checked = False
        self._client = httpx.Client(verify=verify, timeout=httpx.Timeout(timeout), transport=transport)

    def __repr__(self) -> str:
        return f"S3Backend({self.where!r}, {self.location!r})"

    def _request(
        self,
        method: str,
        key: str = "",
        *,
        query: Mapping[str, str] | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        cap: int = MAX_XML_BYTES,
    ) -> _Reply:
        """One signed request, its reply read in full (capped); transport failures become typed errors."""
        import httpx

        path = f"{self.base_path}/{key}" if key else f"{self.base_path}/"
        payload = sha256(body).hex() if body else EMPTY_SHA256
        query = query or {}
        signed = sign(
            method, self.host, path, query, headers or {}, payload, self.credentials, self.region, datetime.now(UTC)
        )
        url = f"{self.scheme}://{self.host}{encode_path(path)}" + (f"?{encode_query(query)}" if query else "")
        try:
            with self._client.stream(method, url, content=body or None, headers=signed) as response:
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > cap:
                        raise BackendServerError(f"{self.where}: the reply to {method} is too large")
        except httpx.HTTPError as exc:
            raise transport_error(exc, url) from None
        self.server_time = server_date(response.headers.get("Date")) or self.server_time
        return _Reply(response.status_code, response.reason_phrase, response.headers, bytes(data))

    def _error(self, reply: _Reply, doing: str, name: str = "") -> BackendError:
        ctx = ErrorContext(self.where, self.bucket, self.location, name, doing)
        return status_error(reply.status, reply.reason, reply.body, ctx)

    def list(self) -> list[str]:
        names: list[str] = []
        token = ""
        while True:
            query = {"list-type": "2", "prefix": self.prefix, **({"continuation-token": token} if token else {})}
            reply = self._request("GET", query=query)
            if reply.status != 200:
                raise self._error(reply, "list objects")
            page = parse_list_page(reply.body, self.where)
            names += [k[len(self.prefix) :] for k in page.keys if k.startswith(self.prefix)]
            token = page.next_token
            if not token:
                return sorted(n for n in names if is_object_name(n))

    def read(self, name: str) -> bytes:
        reply = self._request("GET", self.prefix + check_name(name), cap=MAX_OBJECT_BYTES)
        if reply.status != 200:
            raise self._error(reply, "read objects", name)
        announced = reply.headers.get("Content-Length")
        if announced is not None and announced.isdigit() and int(announced) != len(reply.body):
            raise BackendServerError(f"{self.where}: the reply for {name} was cut short (try again)")
        return reply.body

    def _check_bucket(self) -> None:
        """Once per client: some stores (SeaweedFS) create a missing bucket on the first PutObject,
        which would hide a mistyped bucket name. Listing one key reports it instead."""
        if self._bucket_checked:
            return
        reply = self._request("GET", query={"list-type": "2", "max-keys": "1", "prefix": self.prefix})
        if reply.status != 200:
            raise self._error(reply, "list objects")
        self._bucket_checked = True

    def create(self, name: str, data: bytes) -> None:
        self._check_bucket()
        headers = {"If-None-Match": "*", "Content-Type": "application/octet-stream"}
        reply = self._request("PUT", self.prefix + check_name(name), body=data, headers=headers)
        if reply.status not in (200, 201):
            raise self._error(reply, "write objects", name)

    def delete(self, name: str) -> None:
        key = self.prefix + check_name(name)
        # DeleteObject succeeds on a missing key: look first, so a missing name is reported.
        probe = self._request("GET", key, headers={"Range": "bytes=0-0"})
        if probe.status not in (200, 206, 416):
            raise self._error(probe, "read objects", name)
        reply = self._request("DELETE", key)
        if reply.status not in (200, 204):
            raise self._error(reply, "delete objects", name)

    def close(self) -> None:
        self._client.close()


def describe_endpoint(endpoint: str) -> str:
    return display_url(endpoint)
