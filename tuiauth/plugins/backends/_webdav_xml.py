"""Reading a WebDAV ``PROPFIND`` multistatus reply safely: size-capped, no DTD, no entities.

The reply comes from a server we do not control, so it is parsed with defusedxml refusing any
document type declaration (the only way to define entities, internal or external), and its size
is capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit

from tuiauth.plugin_kit.errors import BackendServerError
from tuiauth.plugin_kit.xml import MalformedXmlError, UnsafeXmlError, parse_xml

MAX_LISTING_BYTES = 8 * 1024 * 1024
DAV = "{DAV:}"

PROPFIND_BODY = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getlastmodified/></D:prop></D:propfind>'
)


@dataclass(frozen=True)
class Entry:
    name: str
    #: From ``getlastmodified`` (None when the server did not say or said it unreadably).
    modified: datetime | None


def _modified(text: str | None) -> datetime | None:
    try:
        return parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError):
        return None


def parse_listing(body: bytes, folder_path: str, where: str) -> list[Entry]:
    """The plain files directly inside ``folder_path`` listed by a multistatus ``body``.

    ``folder_path`` is the URL path of the folder (percent-encoded or not, with a trailing slash).
    Collections and the folder itself are left out.
    """
    if len(body) > MAX_LISTING_BYTES:
        raise BackendServerError(f"{where}: the folder listing is too large")
    try:
        root = parse_xml(body, max_bytes=MAX_LISTING_BYTES)
    except UnsafeXmlError:
        raise BackendServerError(f"{where}: the folder listing contains a document type declaration") from None
    except MalformedXmlError:
        raise BackendServerError(f"{where}: the server sent a malformed folder listing") from None
    if root.tag != f"{DAV}multistatus":
        raise BackendServerError(f"{where}: the server's folder listing is not a WebDAV multistatus")
    base = unquote(folder_path).rstrip("/")
    entries: list[Entry] = []
    for response in root.iter(f"{DAV}response"):
        href = response.findtext(f"{DAV}href", default="").strip()
        path = unquote(urlsplit(href).path)
        if path.rstrip("/") == base or response.find(f".//{DAV}resourcetype/{DAV}collection") is not None:
            continue
        parent, _, name = path.rstrip("/").rpartition("/")
        if parent == base and name:
            entries.append(Entry(name, _modified(response.findtext(f".//{DAV}getlastmodified"))))
    return entries
