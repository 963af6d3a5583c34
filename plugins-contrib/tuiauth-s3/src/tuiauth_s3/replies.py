"""Reading S3 replies: error codes to typed errors, and ListObjectsV2 pages — parsed safely.

Replies come from a server we do not control: size-capped, and a document type declaration (the
only way to define XML entities) is refused before parsing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from tuiauth.core.errors import (
    BackendAuthError,
    BackendError,
    BackendExistsError,
    BackendNotFoundError,
    BackendPermissionError,
    BackendServerError,
)

MAX_XML_BYTES = 8 * 1024 * 1024
NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"

#: Codes that mean the credentials are wrong, unknown or expired (PRODUCT T3).
AUTH_CODES = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "TokenRefreshRequired",
    "InvalidSecurity",
    "AuthorizationHeaderMalformed",
}


def parse_xml(body: bytes, where: str) -> ET.Element | None:
    """The root element of an XML reply, or None when the reply is empty or not XML."""
    if not body.strip() or len(body) > MAX_XML_BYTES:
        return None
    try:
        text = body.decode("utf-8").upper()
    except UnicodeDecodeError:
        return None
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise BackendServerError(f"{where}: the server's reply contains a document type declaration")
    try:
        return ET.fromstring(body)  # noqa: S314 (no DTD reaches the parser, see above)
    except ET.ParseError:
        return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def error_code(body: bytes, where: str) -> str:
    root = parse_xml(body, where)
    if root is None or _local(root.tag) != "Error":
        return ""
    for child in root:
        if _local(child.tag) == "Code":
            return (child.text or "").strip()
    return ""


@dataclass(frozen=True)
class ErrorContext:
    """Where a request went, to word its errors: the server, the bucket, the object (if any)."""

    where: str
    bucket: str
    location: str
    name: str = ""
    doing: str = "reach the bucket"


def status_error(status: int, reason: str, body: bytes, ctx: ErrorContext) -> BackendError:
    """The typed error for an S3 error reply."""
    code = error_code(body, ctx.where)
    if code == "RequestTimeTooSkewed":
        return BackendAuthError(f"{ctx.where} refused the sign-in: this computer's clock is wrong")
    if code in AUTH_CODES or status == 401:
        return BackendAuthError(f"sign-in failed at {ctx.where}: check the access key and the secret key")
    if code == "NoSuchBucket" or (status == 404 and not ctx.name and not code):
        return BackendNotFoundError(
            f"the bucket {ctx.bucket} does not exist at {ctx.where} (create it, or fix the name)"
        )
    if code == "NoSuchKey" or status == 404:
        return BackendNotFoundError(f"{ctx.name} is not in {ctx.location}")
    if status == 403:
        return BackendPermissionError(
            f"{ctx.where} refused: these keys are not allowed to {ctx.doing} in {ctx.location}"
        )
    if status == 412 or code in ("PreconditionFailed", "ConditionalRequestConflict"):
        return BackendExistsError(f"{ctx.name} already exists in {ctx.location}")
    if status in (301, 307) or code in ("PermanentRedirect", "IllegalLocationConstraintException"):
        return BackendError(f"the bucket {ctx.bucket} is in another region or at another address")
    if status >= 500 or code == "SlowDown":
        return BackendServerError(f"{ctx.where} answered {status} {code or reason}: try again later")
    return BackendServerError(f"{ctx.where} answered {status} {code or reason} when trying to {ctx.doing}")


@dataclass(frozen=True)
class ListPage:
    keys: list[str]
    next_token: str


def parse_list_page(body: bytes, where: str) -> ListPage:
    root = parse_xml(body, where)
    if root is None or _local(root.tag) != "ListBucketResult":
        raise BackendServerError(f"{where}: the server sent a malformed object listing")
    keys: list[str] = []
    truncated, token = False, ""
    for child in root:
        tag = _local(child.tag)
        if tag == "Contents":
            key = next((c.text or "" for c in child if _local(c.tag) == "Key"), "")
            keys.append(key)
        elif tag == "IsTruncated":
            truncated = (child.text or "").strip().lower() == "true"
        elif tag == "NextContinuationToken":
            token = (child.text or "").strip()
    if truncated and not token:
        raise BackendServerError(f"{where}: the object listing is cut short without a continuation")
    return ListPage(keys, token if truncated else "")
