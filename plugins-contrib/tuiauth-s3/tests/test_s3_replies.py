"""S3 error codes map to typed errors; replies are parsed safely."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from tuiauth_s3.replies import ErrorContext, parse_list_page, status_error

from tuiauth.plugin_kit.errors import (
    BackendAuthError,
    BackendError,
    BackendExistsError,
    BackendNotFoundError,
    BackendPermissionError,
    BackendServerError,
)
from tuiauth.testing import html_page

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


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (401, BackendAuthError, "sign-in failed at s3.example.net: check the access key and the secret key"),
        (403, BackendPermissionError, "s3.example.net refused: these keys are not allowed to write objects"),
        (404, BackendNotFoundError, "gen-1 is not in s3://my-bucket/"),
        (412, BackendExistsError, "gen-1 already exists in s3://my-bucket/"),
        (503, BackendServerError, "s3.example.net answered 503 Service Unavailable: try again later"),
        (400, BackendServerError, "s3.example.net answered 400 Bad Request when trying to write objects"),
    ],
)
def test_an_html_page_from_a_proxy_is_read_by_its_status(status: int, kind: type[BackendError], words: str) -> None:
    reason = HTTPStatus(status).phrase
    typed = status_error(status, reason, html_page(status, "Request refused by the gateway."), CTX)
    assert type(typed) is kind
    assert words in str(typed)
    assert "document type" not in str(typed)


def test_the_page_is_quoted_short_and_without_control_characters() -> None:
    page = html_page(503, "Back soon\x1b[2J\x07 " + "maintenance " * 400)
    message = str(status_error(503, "Service Unavailable", page, CTX))
    assert message.startswith("s3.example.net answered 503 Service Unavailable: try again later (it said: 503 ")
    assert "Back soon [2J maintenance" in message
    assert "\x1b" not in message and "\x07" not in message and "color" not in message and "<" not in message
    assert len(message) < 200 and message.endswith("…)")


def test_an_s3_error_message_is_quoted_for_an_unknown_code() -> None:
    body = b"<Error><Code>InvalidRequest</Code><Message>Missing required header for this request</Message></Error>"
    message = str(status_error(400, "Bad Request", body, CTX))
    assert message == (
        "s3.example.net answered 400 InvalidRequest when trying to write objects "
        "(it said: Missing required header for this request)"
    )


def test_a_declared_entity_is_never_expanded() -> None:
    """Parsed, the entity would make the code InvalidAccessKeyId (a sign-in error): the status decides."""
    body = b'<!DOCTYPE e [<!ENTITY x "InvalidAccessKeyId">]><Error><Code>&x;</Code></Error>'
    typed = status_error(400, "Bad Request", body, CTX)
    assert type(typed) is BackendServerError
    assert "answered 400 Bad Request when trying to write objects" in str(typed)
    assert "InvalidAccessKeyId" not in str(typed)


def test_a_listing_that_declares_a_document_type_is_refused() -> None:
    body = (
        b'<!DOCTYPE l [<!ENTITY k "p/gen-1">]><ListBucketResult><Contents><Key>&k;</Key></Contents></ListBucketResult>'
    )
    with pytest.raises(BackendServerError, match="the object listing declares a document type"):
        parse_list_page(body, "host")


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
