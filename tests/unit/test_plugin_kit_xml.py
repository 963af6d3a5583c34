"""tuiauth.plugin_kit.xml: untrusted XML parsed through defusedxml, every failure a distinct error."""

from __future__ import annotations

import pytest

from tuiauth.plugin_kit.xml import MalformedXmlError, UnsafeXmlError, parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"""


def test_a_document_is_parsed() -> None:
    root = parse_xml(b'<?xml version="1.0"?><map><string name="k">v</string></map>')
    assert root.tag == "map" and root[0].get("name") == "k" and root[0].text == "v"


@pytest.mark.parametrize(
    "body", [BILLION_LAUGHS, EXTERNAL, b"<!DOCTYPE html><html></html>"], ids=["entities", "external", "doctype"]
)
def test_a_document_type_declaration_is_refused(body: bytes) -> None:
    with pytest.raises(UnsafeXmlError):
        parse_xml(body)


@pytest.mark.parametrize("body", [b"", b"   ", b"<a><b></a>", b"not xml", "<a>é</a".encode()])
def test_malformed_bodies_are_refused(body: bytes) -> None:
    with pytest.raises(MalformedXmlError):
        parse_xml(body)


def test_a_body_over_the_cap_is_refused_before_parsing() -> None:
    with pytest.raises(MalformedXmlError):
        parse_xml(b"<a>" + b"x" * 100 + b"</a>", max_bytes=50)
    assert parse_xml(b"<a>" + b"x" * 100 + b"</a>", max_bytes=200).tag == "a"
