"""Proton Authenticator exports, plain and encrypted.

Plain: ``{"version": 1, "entries": [{"content": {"uri", "entry_type", "name"}, "note"}]}``; ``uri``
is an otpauth URI or ``steam://SECRET``; ``content.name`` is the account name shown in the app and
wins over the URI's label. Encrypted: ``{"version": 1, "salt", "content"}`` with key =
Argon2id(password, salt, t=2, m=19 MiB, p=1) and ``content`` = nonce (12) ‖ AES-256-GCM ciphertext ‖
tag, AAD ``proton.authenticator.export.v1``; the plaintext is the plain export.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import ImportFormatError
from ...plugin_kit.importing import (
    EntryCollector,
    answers_false_on_error,
    decrypting,
    entry_label,
    guarded,
    head_text,
    load_json,
    note,
    require_dict,
    require_list,
    require_password,
    text,
)
from ...plugin_kit.otpauth import parse_otp_value
from ._methods import key_uri_methods

WHAT = "Proton Authenticator"
AAD = b"proton.authenticator.export.v1"
KDF = crypto.KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)


def sniff(head: bytes, filename: str) -> float:
    start = head_text(head)[:4096]
    if '"entries"' in start and '"entry_type"' in start:
        return 0.95
    if '"version"' in start and '"salt"' in start and '"content"' in start and '"entries"' not in start:
        return 0.7
    return 0.0


def _outer(data: bytes) -> dict[str, Any]:
    outer = require_dict(load_json(data, WHAT), WHAT)
    if outer.get("version") != 1 or not ("entries" in outer or ("salt" in outer and "content" in outer)):
        raise ImportFormatError("this is not a Proton Authenticator export (version 1 with entries)")
    return outer


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    return "entries" not in _outer(data)


def _decrypt(outer: dict[str, Any], password: str) -> dict[str, Any]:
    try:
        salt = base64.b64decode(text(outer, "salt"), validate=True)
        content = base64.b64decode(text(outer, "content"), validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError("this Proton Authenticator export is not valid base64") from None
    if len(salt) < 8 or len(content) < 12 + 16:
        raise ImportFormatError("this Proton Authenticator export is truncated")
    with decrypting(WHAT):
        key = crypto.argon2id(password.encode("utf-8"), salt, KDF)
        plain = crypto.aes_gcm_decrypt(key, content[:12], content[12:], AAD)
    inner = _outer(plain)
    if "entries" not in inner:
        raise ImportFormatError("this Proton Authenticator export decrypted to another encrypted export")
    return inner


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    outer = _outer(data)
    if "entries" not in outer:
        outer = _decrypt(outer, require_password(password, WHAT))
    collector = EntryCollector()
    for index, entry in enumerate(require_list(outer["entries"], WHAT, "entries")):
        content = entry.get("content") if isinstance(entry, dict) else None
        name = content.get("name") if isinstance(content, dict) else None
        with collector.entry(entry_label(name, None, index)):
            content = require_dict(content, WHAT)
            draft = parse_otp_value(text(content, "uri"), key_uri_methods())
            if text(content, "name"):
                draft.name = text(content, "name")
            draft.note = note(entry, "note")
            collector.add(draft)
    return collector.result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="proton-authenticator",
            app="Proton Authenticator",
            how="In Proton Authenticator: Settings, Export; encrypted or not.",
            label="Proton Authenticator (plain or encrypted JSON)",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("Proton_Authenticator_backup*.json", "*.json"),
            description="Proton Authenticator exports; encrypted exports need their password.",
        )
    ]
