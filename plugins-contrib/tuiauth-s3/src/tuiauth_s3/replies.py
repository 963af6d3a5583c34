"""Reading S3 replies: error replies to typed errors, and ListObjectsV2 pages — parsed safely.

Replies come from a server we do not control, or from a proxy or gateway in front of it that answers
with its own HTML page. So the status decides the error; the body only adds detail: the S3 error
code of a well-formed XML ``<Error>``, or else a short quotation of its text. XML is parsed with
defusedxml, refusing any document type declaration (the only way to define entities), and is
size-capped.
"""

from __future__ import annotations

from dataclasses import dataclass

from tuiauth.plugin_kit.errors import (
    BackendAuthError,
    BackendError,
    BackendExistsError,
    BackendNotFoundError,
    BackendPermissionError,
    BackendServerError,
)
from tuiauth.plugin_kit.http import quote_reply
from tuiauth.plugin_kit.xml import DEFAULT_MAX_XML_BYTES, MalformedXmlError, UnsafeXmlError, parse_xml

MAX_XML_BYTES = DEFAULT_MAX_XML_BYTES

#: Codes that mean the credentials are wrong, unknown or expired (the person must sign in again).
AUTH_CODES = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "TokenRefreshRequired",
    "InvalidSecurity",
    "AuthorizationHeaderMalformed",
}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


@dataclass(frozen=True)
class ErrorBody:
    """What an error reply's body says: its S3 error code (when it is an S3 ``<Error>``) and a
    short quotation for the message (the S3 ``<Message>``, or the visible text of anything else)."""

    code: str = ""
    quote: str = ""

    @classmethod
    def read(cls, body: bytes) -> ErrorBody:
        try:
            root = parse_xml(body, max_bytes=MAX_XML_BYTES)
        except (MalformedXmlError, UnsafeXmlError):
            return cls("", quote_reply(body))
        if _local(root.tag) != "Error":
            return cls("", "")
        fields = {_local(child.tag): (child.text or "").strip() for child in root}
        return cls(fields.get("Code", ""), quote_reply(fields.get("Message", "").encode()))


@dataclass(frozen=True)
class ErrorContext:
    """Where a request went, to word its errors: the server, the bucket, the object (if any)."""

    where: str
    bucket: str
    location: str
    name: str = ""
    doing: str = "reach the bucket"


def status_error(status: int, reason: str, body: bytes, ctx: ErrorContext) -> BackendError:
    """The typed error for an S3 error reply: its status decides, an S3 error code refines it."""
    said = ErrorBody.read(body)
    code = said.code
    quoted = f" (it said: {said.quote})" if said.quote else ""
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
            f"{ctx.where} refused: these keys are not allowed to {ctx.doing} in {ctx.location}{quoted}"
        )
    if status == 412 or code in ("PreconditionFailed", "ConditionalRequestConflict"):
        return BackendExistsError(f"{ctx.name} already exists in {ctx.location}")
    if status in (301, 307) or code in ("PermanentRedirect", "IllegalLocationConstraintException"):
        return BackendError(f"the bucket {ctx.bucket} is in another region or at another address")
    if status >= 500 or code == "SlowDown":
        return BackendServerError(f"{ctx.where} answered {status} {code or reason}: try again later{quoted}")
    return BackendServerError(f"{ctx.where} answered {status} {code or reason} when trying to {ctx.doing}{quoted}")


@dataclass(frozen=True)
class ListPage:
    keys: list[str]
    next_token: str


def parse_list_page(body: bytes, where: str) -> ListPage:
    try:
        root = parse_xml(body, max_bytes=MAX_XML_BYTES)
    except UnsafeXmlError:
        raise BackendServerError(f"{where}: the object listing declares a document type (refused)") from None
    except MalformedXmlError:
        raise BackendServerError(f"{where}: the server sent a malformed object listing") from None
    if _local(root.tag) != "ListBucketResult":
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
