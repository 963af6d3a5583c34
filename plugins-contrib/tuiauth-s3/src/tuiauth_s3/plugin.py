"""The ``s3`` backend's plugin module: registered through the ``tuiauth`` entry-point group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tuiauth import BackendSpec, FormField, hookimpl

if TYPE_CHECKING:
    from .backend import S3Backend


def make_backend(settings: Mapping[str, str]) -> S3Backend:
    # Imported here: every tuiauth command loads this module, only backups need the client.
    from .backend import S3Backend
    from .sigv4 import Credentials

    timeout = settings.get("timeout", "") or "30"
    return S3Backend(
        settings.get("endpoint", "").strip() or "https://s3.amazonaws.com",
        settings.get("bucket", "").strip(),
        Credentials(settings.get("access_key", "").strip(), settings.get("secret_key", "")),
        region=settings.get("region", "").strip() or "us-east-1",
        addressing=settings.get("addressing", "") or "path",
        prefix=settings.get("prefix", ""),
        ca_file=settings.get("ca_file", ""),
        timeout=float(timeout) if timeout.isdigit() else 30.0,
    )


def describe(settings: Mapping[str, str]) -> str:
    from .backend import describe_endpoint

    endpoint = describe_endpoint(settings.get("endpoint", "") or "https://s3.amazonaws.com")
    prefix = settings.get("prefix", "").strip("/")
    return f"S3 s3://{settings.get('bucket', '')}/{prefix + '/' if prefix else ''} at {endpoint}"


SPEC = BackendSpec(
    name="s3",
    label="S3-compatible storage",
    fields=(
        FormField(
            name="endpoint",
            label="Endpoint URL",
            kind="url",
            default="https://s3.amazonaws.com",
            help="AWS, or your MinIO / Ceph / SeaweedFS / Garage address",
        ),
        FormField(name="bucket", label="Bucket", help="An existing bucket"),
        FormField(name="region", label="Region", default="us-east-1", required=False),
        FormField(name="access_key", label="Access key", secret=True),
        FormField(name="secret_key", label="Secret key", kind="password", secret=True),
        FormField(name="prefix", label="Prefix", required=False, help="A folder inside the bucket"),
        FormField(
            name="addressing",
            label="Addressing",
            kind="choice",
            choices=("path", "virtual"),
            default="path",
            required=False,
            help="path: endpoint/bucket/key; virtual: bucket.endpoint/key",
        ),
        FormField(name="ca_file", label="CA certificate file", kind="path", required=False),
        FormField(name="timeout", label="Timeout (seconds)", kind="int", default="30", required=False),
    ),
    factory=make_backend,
    describe=describe,
    description="Encrypted backups as objects in an S3 bucket, committed with conditional writes.",
)


@hookimpl
def tuiauth_backends() -> list[BackendSpec]:
    return [SPEC]
