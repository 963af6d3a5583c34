"""The backend contract suite for the ``s3`` backend on moto and SeaweedFS (real servers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from s3_servers import S3Server
from tuiauth_s3 import Credentials, S3Backend
from tuiauth_s3.plugin import SPEC, tuiauth_backends

from tuiauth.testing import BackendContract, FaultProxy, MakeBackend


def client(server: S3Server, bucket: str, *, endpoint: str = "", secret: str = "", prefix: str = "") -> S3Backend:
    credentials = Credentials(server.credentials.access_key, secret or server.credentials.secret_key)
    return S3Backend(endpoint or server.endpoint, bucket, credentials, prefix=prefix, timeout=10)


class TestS3(BackendContract):
    @pytest.fixture
    def bucket(self, s3_server: S3Server) -> str:
        return s3_server.new_bucket()

    @pytest.fixture
    def make_backend(self, s3_server: S3Server, bucket: str) -> MakeBackend:
        return lambda: client(s3_server, bucket)

    @pytest.fixture
    def create_is_atomic(self, s3_server: S3Server) -> bool:
        """moto (5.2) checks ``If-None-Match`` and stores the object in two steps, without a lock: two
        concurrent writers can both pass the check, and when the later one replaces the earlier
        one's object moto's reply to the earlier one fails reading its closed body (a 500 with an
        HTML page). SeaweedFS's check holds."""
        return s3_server.name != "moto"

    @pytest.fixture
    def make_backend_with_bad_credentials(self, s3_server: S3Server, bucket: str) -> MakeBackend:
        return lambda: client(s3_server, bucket, secret="not-the-secret-key")

    @pytest.fixture
    def make_backend_for_missing_location(self, s3_server: S3Server) -> MakeBackend:
        return lambda: client(s3_server, "no-such-bucket-here")

    @pytest.fixture
    def make_interrupted_backend(self, s3_server: S3Server, bucket: str) -> Iterator[MakeBackend]:
        with FaultProxy(s3_server.port) as proxy:
            proxy.set_fault("reset_upload", after=256 * 1024)
            yield lambda: client(s3_server, bucket, endpoint=f"http://127.0.0.1:{proxy.port}")


PREFIX = "/backups/phone/"


class TestS3UnderAPrefix(BackendContract):
    """The same contract with objects under ``backups/phone/`` beside unrelated keys in the bucket.

    On SeaweedFS: moto (5.2) rejects the signature of any request whose query holds an encoded
    ``/`` (``prefix=backups%2F``), boto3's own requests included — a moto quirk, not ours.
    """

    writers = 4
    rounds = 1

    @pytest.fixture
    def bucket(self, seaweedfs_server: S3Server) -> str:
        bucket = seaweedfs_server.new_bucket()
        outside = client(seaweedfs_server, bucket, prefix="other")
        outside.create("gen-00000000000000000001-0000000000000000", b"not ours")
        outside.close()
        return bucket

    @pytest.fixture
    def make_backend(self, seaweedfs_server: S3Server, bucket: str) -> MakeBackend:
        return lambda: client(seaweedfs_server, bucket, prefix=PREFIX)

    @pytest.fixture
    def make_backend_with_bad_credentials(self, seaweedfs_server: S3Server, bucket: str) -> MakeBackend:
        return lambda: client(seaweedfs_server, bucket, secret="not-the-secret-key", prefix=PREFIX)

    @pytest.fixture
    def make_backend_for_missing_location(self, seaweedfs_server: S3Server) -> MakeBackend:
        return lambda: client(seaweedfs_server, "no-such-bucket-here", prefix=PREFIX)

    @pytest.fixture
    def make_interrupted_backend(self, seaweedfs_server: S3Server, bucket: str) -> Iterator[MakeBackend]:
        with FaultProxy(seaweedfs_server.port) as proxy:
            proxy.set_fault("reset_upload", after=256 * 1024)
            yield lambda: client(seaweedfs_server, bucket, endpoint=f"http://127.0.0.1:{proxy.port}", prefix=PREFIX)


def test_the_app_finds_the_plugin_through_its_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    from tuiauth.pluginmanager import PluginManager

    monkeypatch.delenv("TUIAUTH_NO_ENTRYPOINTS", raising=False)
    assert PluginManager().backend("s3") is SPEC
    assert tuiauth_backends() == [SPEC]
    assert "s3" not in PluginManager(entrypoints=False).backends(), "s3 is not built in"


def test_the_secret_key_is_a_secret_field_and_never_described() -> None:
    secret = {f.name for f in SPEC.fields if f.secret}
    assert secret == {"access_key", "secret_key"}
    settings = {"endpoint": "https://u:p@s3.example.net", "bucket": "b", "secret_key": "SHHH", "prefix": "x"}
    text = SPEC.describe(settings)
    assert text == "S3 s3://b/x/ at https://s3.example.net" and "SHHH" not in text
