"""PROPFIND replies are parsed safely: size cap, no DTD or entities, only direct children listed."""

from __future__ import annotations

import pytest

from tuiauth.core.errors import BackendServerError
from tuiauth.plugins.backends._webdav_xml import MAX_LISTING_BYTES, parse_listing

LISTING = b"""<?xml version="1.0" encoding="utf-8"?>
<d:multistatus xmlns:d="DAV:">
  <d:response><d:href>/remote.php/dav/my%20backups/</d:href>
    <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop></d:propstat></d:response>
  <d:response><d:href>https://cloud.example.net/remote.php/dav/my%20backups/gen-00000000000000000001-ab</d:href>
    <d:propstat><d:prop><d:resourcetype/><d:getlastmodified>Tue, 24 Nov 2026 10:00:00 GMT</d:getlastmodified>
    </d:prop></d:propstat></d:response>
  <d:response><d:href>/remote.php/dav/my%20backups/.tuiauth-tmp-0011</d:href>
    <d:propstat><d:prop><d:resourcetype/></d:prop></d:propstat></d:response>
  <d:response><d:href>/remote.php/dav/my%20backups/sub/</d:href>
    <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop></d:propstat></d:response>
  <d:response><d:href>/remote.php/dav/elsewhere/gen-x</d:href>
    <d:propstat><d:prop><d:resourcetype/></d:prop></d:propstat></d:response>
</d:multistatus>"""


def test_lists_direct_files_only() -> None:
    entries = parse_listing(LISTING, "/remote.php/dav/my backups/", "host")
    assert [e.name for e in entries] == ["gen-00000000000000000001-ab", ".tuiauth-tmp-0011"]
    assert entries[0].modified is not None and entries[0].modified.year == 2026
    assert entries[1].modified is None
    encoded = parse_listing(LISTING, "/remote.php/dav/my%20backups/", "host")
    assert [e.name for e in encoded] == [e.name for e in entries]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b'<multistatus xmlns="DAV:">&lol2;</multistatus>',
            "document type declaration",
        ),
        (b'<!DOCTYPE x SYSTEM "file:///etc/passwd"><multistatus xmlns="DAV:"/>', "document type declaration"),
        (  # another encoding does not hide the declaration
            '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x [<!ENTITY a "b">]><multistatus xmlns="DAV:"/>'.encode(
                "utf-16"
            ),
            "document type declaration",
        ),
        (b'<multistatus xmlns="DAV:"><response><href>&nope;</href></response></multistatus>', "malformed"),
        (b"<multistatus xmlns='DAV:'><response>", "malformed"),
        (b"<html><body>login</body></html>", "not a WebDAV multistatus"),
        (b" " * (MAX_LISTING_BYTES + 1), "too large"),
    ],
)
def test_hostile_or_broken_replies_are_server_errors(body: bytes, message: str) -> None:
    with pytest.raises(BackendServerError, match=message):
        parse_listing(body, "/", "host")
