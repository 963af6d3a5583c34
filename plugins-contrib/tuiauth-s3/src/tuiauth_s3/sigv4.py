"""AWS Signature Version 4 for S3 requests (header-based, signed payload).

Small enough to own: a canonical request, a string to sign, and a key derived by four HMAC-SHA256
steps — all hashing through ``tuiauth.plugin_kit.crypto``, where every primitive of the app lives. Paths
and query strings are encoded here once, and the request is sent with exactly those bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from tuiauth.plugin_kit.crypto import hmac_digest, sha256

ALGORITHM = "AWS4-HMAC-SHA256"
EMPTY_SHA256 = sha256(b"").hex()


@dataclass(frozen=True)
class Credentials:
    access_key: str
    secret_key: str

    def __repr__(self) -> str:
        return f"Credentials(access_key={self.access_key!r}, secret_key=<hidden>)"


def encode_path(path: str) -> str:
    """URI-encode a path as S3 expects (every byte but unreserved characters and ``/``)."""
    return quote(path, safe="/-_.~")


def encode_query(params: Mapping[str, str]) -> str:
    """The canonical (sorted, fully encoded) query string; also what goes on the wire."""
    pairs = sorted((quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in params.items())
    return "&".join(f"{k}={v}" for k, v in pairs)


def _signing_key(secret_key: str, date: str, region: str, service: str) -> bytes:
    key = hmac_digest(("AWS4" + secret_key).encode(), date.encode(), "sha256")
    for part in (region, service, "aws4_request"):
        key = hmac_digest(key, part.encode(), "sha256")
    return key


def sign(
    method: str,
    host: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    payload_sha256: str,
    credentials: Credentials,
    region: str,
    now: datetime,
    service: str = "s3",
) -> dict[str, str]:
    """The headers to send: ``headers`` plus Host, x-amz-date, x-amz-content-sha256, Authorization.

    ``host`` is the Host header value (with ``:port`` unless it is the scheme's default); ``path``
    is not yet encoded; ``now`` must be UTC.
    """
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    date = amz_date[:8]
    signed = {k.lower(): " ".join(str(v).split()) for k, v in headers.items()}
    signed.update({"host": host, "x-amz-date": amz_date, "x-amz-content-sha256": payload_sha256})
    names = sorted(signed)
    canonical = "\n".join(
        [
            method,
            encode_path(path or "/"),
            encode_query(query),
            "".join(f"{name}:{signed[name]}\n" for name in names),
            ";".join(names),
            payload_sha256,
        ]
    )
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join([ALGORITHM, amz_date, scope, sha256(canonical.encode()).hex()])
    signature = hmac_digest(
        _signing_key(credentials.secret_key, date, region, service), to_sign.encode(), "sha256"
    ).hex()
    authorization = (
        f"{ALGORITHM} Credential={credentials.access_key}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )
    return {**{k: v for k, v in signed.items() if k != "host"}, "Authorization": authorization}
