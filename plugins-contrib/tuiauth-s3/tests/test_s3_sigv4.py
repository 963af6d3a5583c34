"""SigV4 against the worked examples in the Amazon S3 API reference (signature calculation)."""

from __future__ import annotations

from datetime import UTC, datetime

from tuiauth_s3.sigv4 import EMPTY_SHA256, Credentials, sign

EXAMPLE = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
WHEN = datetime(2013, 5, 24, tzinfo=UTC)
HOST = "examplebucket.s3.amazonaws.com"


def signature(headers: dict[str, str]) -> str:
    return headers["Authorization"].rpartition("Signature=")[2]


def test_get_object_example() -> None:
    headers = sign("GET", HOST, "/test.txt", {}, {"Range": "bytes=0-9"}, EMPTY_SHA256, EXAMPLE, "us-east-1", WHEN)
    assert "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date" in headers["Authorization"]
    assert signature(headers) == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"


def test_list_objects_example() -> None:
    query = {"max-keys": "2", "prefix": "J"}
    headers = sign("GET", HOST, "/", query, {}, EMPTY_SHA256, EXAMPLE, "us-east-1", WHEN)
    assert signature(headers) == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"


def test_get_bucket_lifecycle_example() -> None:
    headers = sign("GET", HOST, "/", {"lifecycle": ""}, {}, EMPTY_SHA256, EXAMPLE, "us-east-1", WHEN)
    assert signature(headers) == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"


def test_the_secret_key_never_shows() -> None:
    assert "EXAMPLEKEY" not in repr(EXAMPLE)
    headers = sign("GET", HOST, "/", {}, {}, EMPTY_SHA256, EXAMPLE, "us-east-1", WHEN)
    assert not any("EXAMPLEKEY" in value for value in headers.values())
