"""S3 error codes map to typed errors; replies are parsed safely."""

from __future__ import annotations

import pytest
from tuiauth_s3.replies import ErrorContext, parse_list_page, status_error

from tuiauth.core.errors import (
    BackendAuthError,
    BackendError,
    BackendExistsError,
    BackendNotFoundError,
    BackendPermissionError,
    BackendServerError,
)

CTX = ErrorContext("s3.example.net", "my-bucket", "s3://my-bucket/", "gen-1", "write objects")


def error(code: str) -> bytes:
    return f"<?xml version='1.0'?><Error><Code>{code}</Code><Message>m</Message></Error>".encode()


@pytest.mark.parametrize(
    ("status", "code", "kind", "words"),
    [
        (404, "NoSuchBucket", BackendNotFoundError, "the bucket my-bucket does not exist"),
        (404, "NoSuchKey", BackendNotFoundError, "gen-1 is not in s3://my-bucket/"),
        (403, "InvalidAccessKeyId", BackendAuthError, "check the access key and the secret key"),
        (403, "SignatureDoesNotMatch", BackendAuthError, "sign-in failed"),
        (400, "ExpiredToken", BackendAuthError, "sign-in failed"),
        (403, "RequestTimeTooSkewed", BackendAuthError, "clock is wrong"),
        (403, "AccessDenied", BackendPermissionError, "not allowed to write objects"),
        (412, "PreconditionFailed", BackendExistsError, "already exists"),
        (409, "ConditionalRequestConflict", BackendExistsError, "already exists"),
        (301, "PermanentRedirect", BackendError, "another region"),
        (503, "SlowDown", BackendServerError, "try again later"),
        (500, "", BackendServerError, "500 Internal Server Error"),
    ],
)
def test_error_codes(status: int, code: str, kind: type[BackendError], words: str) -> None:
    typed = status_error(status, "Internal Server Error", error(code) if code else b"", CTX)
    assert type(typed) is kind
    assert words in str(typed)


def test_entities_are_refused() -> None:
    body = b'<!DOCTYPE e [<!ENTITY x "y">]><Error><Code>&x;</Code></Error>'
    with pytest.raises(BackendServerError, match="document type declaration"):
        status_error(400, "Bad Request", body, CTX)


def test_list_pages() -> None:
    ns = "http://s3.amazonaws.com/doc/2006-03-01/"
    body = (
        f'<ListBucketResult xmlns="{ns}"><IsTruncated>true</IsTruncated>'
        "<Contents><Key>p/gen-1</Key></Contents><Contents><Key>p/gen-2</Key></Contents>"
        "<NextContinuationToken>tok+/=</NextContinuationToken></ListBucketResult>"
    ).encode()
    page = parse_list_page(body, "host")
    assert page.keys == ["p/gen-1", "p/gen-2"] and page.next_token == "tok+/="
    with pytest.raises(BackendServerError, match="cut short"):
        parse_list_page(body.replace(b"<NextContinuationToken>tok+/=</NextContinuationToken>", b""), "host")
    with pytest.raises(BackendServerError, match="malformed"):
        parse_list_page(b"<html/>", "host")
