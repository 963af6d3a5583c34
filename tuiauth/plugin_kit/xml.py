"""Parsing untrusted XML (a WebDAV listing, an S3 reply, an app's preferences file) with defusedxml.

A document type declaration is refused outright, so entity expansion ("billion laughs") and external
entities can never happen; a body over ``max_bytes`` is refused before parsing. The two failures are
distinct exceptions so each caller can turn them into its own typed error (a backend's
``BackendServerError``, an importer's ``ImportFormatError``) with its own wording.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

__all__ = ["DEFAULT_MAX_XML_BYTES", "Element", "MalformedXmlError", "UnsafeXmlError", "parse_xml"]

DEFAULT_MAX_XML_BYTES = 8 * 1024 * 1024


class MalformedXmlError(ValueError):
    """The body is empty, too large, or not well-formed XML."""


class UnsafeXmlError(ValueError):
    """The body declares a document type (what entity attacks need); it is never parsed further."""


def parse_xml(body: bytes | str, *, max_bytes: int = DEFAULT_MAX_XML_BYTES) -> Element:
    """The root element of ``body``; ``UnsafeXmlError`` or ``MalformedXmlError`` otherwise."""
    if not body.strip() or len(body) > max_bytes:
        raise MalformedXmlError("not an XML document of an acceptable size")
    try:
        root: Element = fromstring(body, forbid_dtd=True)
    except DefusedXmlException:
        raise UnsafeXmlError("the document declares a document type") from None
    except (ParseError, ValueError):
        raise MalformedXmlError("not well-formed XML") from None
    return root
