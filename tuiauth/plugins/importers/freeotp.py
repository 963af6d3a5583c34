"""FreeOTP+ JSON exports and the FreeOTP 1.x / FreeOTP+ internal ``tokens.xml`` (Android shared
preferences whose values are token JSON, plus a ``tokenOrder`` list). See ``_freeotp`` for the token
fields and the HOTP counter policy."""

from __future__ import annotations

from typing import Any

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit.errors import ImportFormatError
from ...plugin_kit.importing import (
    EntryCollector,
    clean,
    entry_label,
    guarded,
    head_text,
    load_json,
    require_dict,
    require_list,
)
from ._android import read_prefs
from ._freeotp import java_bytes, token_draft

WHAT = "FreeOTP+"
XML = "FreeOTP tokens.xml"


def _add_tokens(tokens: list[Any], collector: EntryCollector) -> None:
    for index, token in enumerate(tokens):
        label = entry_label(token.get("issuerExt"), token.get("label"), index) if isinstance(token, dict) else ""
        with collector.entry(label or f"entry {index + 1}"):
            token = require_dict(token, WHAT)
            secret = java_bytes(token.get("secret"))
            collector.add(token_draft(token, secret, stored_counter_is_last_used=True))


def sniff_json(head: bytes, filename: str) -> float:
    start = head_text(head)[:4096]
    return 0.95 if '"tokenOrder"' in start and '"tokens"' in start else 0.0


@guarded(WHAT)
def parse_json(data: bytes, password: str | None) -> ImportResult:
    outer = require_dict(load_json(data, WHAT), WHAT)
    if "tokens" not in outer:
        raise ImportFormatError("this is not a FreeOTP+ export: it has no 'tokens'")
    collector = EntryCollector()
    _add_tokens(require_list(outer["tokens"], WHAT, "tokens"), collector)
    return collector.result


def sniff_xml(head: bytes, filename: str) -> float:
    start = head_text(head)
    if "<map" in start and 'name="tokenOrder"' in start:
        return 0.95
    return 0.3 if "<map" in start and "&quot;issuerExt&quot;" in start else 0.0


@guarded(XML)
def parse_xml(data: bytes, password: str | None) -> ImportResult:
    prefs = read_prefs(data, XML)
    if "tokenOrder" not in prefs:
        raise ImportFormatError("this is not a FreeOTP tokens.xml: it has no tokenOrder")
    collector = EntryCollector()
    tokens: list[Any] = []
    for key, value in prefs.items():
        if key == "tokenOrder":
            continue
        try:
            tokens.append(load_json(value, XML))
        except ImportFormatError:
            collector.skip(clean(key)[:60] or "token", "the token is not valid JSON")
    _add_tokens(tokens, collector)
    return collector.result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="freeotp-plus",
            app="FreeOTP+",
            how="In FreeOTP+: the menu's Export JSON.",
            label="FreeOTP+ JSON export",
            sniff=sniff_json,
            parse=parse_json,
            patterns=("freeotp-backup*.json", "*.json"),
            description="FreeOTP+ 'Export JSON' files.",
        ),
        ImporterSpec(
            name="freeotp-xml",
            app="FreeOTP / FreeOTP+",
            how="Copy shared_prefs/tokens.xml off a rooted phone or out of a device backup.",
            label="FreeOTP / FreeOTP+ tokens.xml (internal data)",
            sniff=sniff_xml,
            parse=parse_xml,
            patterns=("tokens.xml", "*.xml"),
            description="The apps' shared_prefs/tokens.xml, copied from a rooted phone or a backup.",
        ),
    ]
