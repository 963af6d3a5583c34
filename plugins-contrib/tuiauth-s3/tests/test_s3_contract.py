"""The backend contract suite for the ``s3`` backend on moto and SeaweedFS (real servers)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import ClassVar

import pytest
from s3_servers import S3Server
from tuiauth_s3 import Credentials, S3Backend
from tuiauth_s3.plugin import SPEC, tuiauth_backends

from tuiauth import BackendSpec
from tuiauth.testing import BackendContract, FaultProxy, MakeBackend, PutForeignFile, installed_plugins


def client(
    server: S3Server,
    bucket: str,
    *,
    endpoint: str = "",
    secret: str = "",
    prefix: str = "",
    credentials: Credentials | None = None,
) -> S3Backend:
    credentials = credentials or Credentials(server.credentials.access_key, secret or server.credentials.secret_key)
    return S3Backend(endpoint or server.endpoint, bucket, credentials, prefix=prefix, timeout=10)


class S3Contract(BackendContract):
    """The contract with every optional fixture, for the objects under ``prefix`` on ``server``."""

    prefix: ClassVar[str] = ""
    #: S3 has no temporary objects: a PUT with ``If-None-Match`` appears whole or not at all.
    test_stale_temporaries_are_swept = None

    @pytest.fixture
    def make_backend(self, server: S3Server, bucket: str) -> MakeBackend:
        return lambda: client(server, bucket, prefix=self.prefix)

    @pytest.fixture
    def make_backend_with_bad_credentials(self, server: S3Server, bucket: str) -> MakeBackend:
        return lambda: client(server, bucket, secret="not-the-secret-key", prefix=self.prefix)

    @pytest.fixture
    def make_backend_for_missing_location(self, server: S3Server) -> MakeBackend:
        return lambda: client(server, "no-such-bucket-here", prefix=self.prefix)

    @pytest.fixture
    def make_backend_without_permission(self, server: S3Server, bucket: str) -> MakeBackend:
        return lambda: client(server, bucket, prefix=self.prefix, credentials=server.reader)

    @pytest.fixture
    def backend_settings(self, server: S3Server, bucket: str) -> tuple[BackendSpec, dict[str, str]]:
        keys = server.credentials
        settings = {"endpoint": server.endpoint, "bucket": bucket, "prefix": self.prefix}
        return SPEC, settings | {"access_key": keys.access_key, "secret_key": keys.secret_key}

    @pytest.fixture
    def secret_values(self, server: S3Server) -> tuple[str, ...]:
        return (server.credentials.secret_key, "not-the-secret-key")

    @pytest.fixture
    def put_foreign_file(self, server: S3Server, bucket: str) -> PutForeignFile:
        def put(name: str, data: bytes) -> None:
            with closing(client(server, bucket, prefix=self.prefix)) as raw:
                reply = raw._request("PUT", raw.prefix + name, body=data)
            assert reply.status == 200, reply.status

        return put

    @pytest.fixture
    def make_interrupted_backend(self, server: S3Server, bucket: str) -> Iterator[MakeBackend]:
        with FaultProxy(server.port) as proxy:
            proxy.set_fault("reset_upload", after=256 * 1024)
            yield lambda: client(server, bucket, endpoint=f"http://127.0.0.1:{proxy.port}", prefix=self.prefix)


class TestS3(S3Contract):
    @pytest.fixture
    def server(self, s3_server: S3Server) -> S3Server:
        return s3_server

    @pytest.fixture
    def bucket(self, server: S3Server) -> str:
        return server.new_bucket()

    @pytest.fixture
    def create_is_atomic(self, server: S3Server) -> bool:
        """moto (5.2) checks ``If-None-Match`` and stores the object in two steps, without a lock: two
        concurrent writers can both pass the check, and when the later one replaces the earlier
        one's object moto's reply to the earlier one fails reading its closed body (a 500 with an
        HTML page). SeaweedFS's check holds."""
        return server.name != "moto"


class TestS3UnderAPrefix(S3Contract):
    """The same contract with objects under ``backups/phone/`` beside unrelated keys in the bucket.

    On SeaweedFS: moto (5.2) rejects the signature of any request whose query holds an encoded
    ``/`` (``prefix=backups%2F``), boto3's own requests included — a moto quirk, not ours.
    """

    writers = 4
    rounds = 1
    prefix = "/backups/phone/"

    @pytest.fixture
    def server(self, seaweedfs_server: S3Server) -> S3Server:
        return seaweedfs_server

    @pytest.fixture
    def bucket(self, server: S3Server) -> str:
        bucket = server.new_bucket()
        with closing(client(server, bucket, prefix="other")) as outside:
            outside.create("gen-00000000000000000001-0000000000000000", b"not ours")
        return bucket


def test_the_app_finds_the_plugin_through_its_entry_point() -> None:
    found = installed_plugins().backend("s3")  # the plugin manager's isolating wrapper of SPEC
    assert (found.name, found.label, found.fields) == (SPEC.name, SPEC.label, SPEC.fields)
    assert tuiauth_backends() == [SPEC]
    assert "s3" not in installed_plugins(entrypoints=False).backends(), "s3 is not built in"


def test_the_secret_key_is_a_secret_field_and_never_described() -> None:
    secret = {f.name for f in SPEC.fields if f.secret}
    assert secret == {"access_key", "secret_key"}
    settings = {"endpoint": "https://u:p@s3.example.net", "bucket": "b", "secret_key": "SHHH", "prefix": "x"}
    text = SPEC.describe(settings)
    assert text == "S3 s3://b/x/ at https://s3.example.net" and "SHHH" not in text
