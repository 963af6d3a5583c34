"""Android ``shared_prefs`` XML files (Authy, Battle.net, TOTP Authenticator internal data).

The file is a ``<map>`` of typed elements: ``<string name="k">text</string>`` and
``<int|long|boolean|float name="k" value="v" />``. It is parsed with defusedxml refusing any document
type declaration, so entity expansion ("billion laughs") and external entities can never happen.
"""

from __future__ import annotations

from ...plugin_kit.errors import ImportFormatError
from ...plugin_kit.importing import MAX_IMPORT_BYTES, decode_text
from ...plugin_kit.xml import MalformedXmlError, UnsafeXmlError, parse_xml

_VALUE_TAGS = ("int", "long", "boolean", "float")


def read_prefs(data: bytes, what: str) -> dict[str, str]:
    """The ``name → value`` map of a shared_prefs file (values as text); ImportFormatError otherwise."""
    text = decode_text(data, what)
    try:
        root = parse_xml(text, max_bytes=MAX_IMPORT_BYTES)
    except UnsafeXmlError:
        raise ImportFormatError(f"this {what} file declares a document type, which Android never writes") from None
    except MalformedXmlError:
        raise ImportFormatError(f"this is not a {what} file: it is not valid XML") from None
    if root.tag != "map":
        raise ImportFormatError(f"this is not a {what} file: Android preferences start with <map>")
    values: dict[str, str] = {}
    for element in root:
        name = element.get("name")
        if name is None:
            continue
        if element.tag == "string":
            values[name] = element.text or ""
        elif element.tag in _VALUE_TAGS:
            values[name] = element.get("value", "")
    return values


def looks_like_prefs(head: str, *keys: str) -> bool:
    """True when the sniffed text is a shared_prefs map naming one of ``keys``."""
    return "<map" in head and any(f'name="{key}"' in head for key in keys)
