"""Ente Auth exports: the plain text export (otpauth URIs with Ente's ``codeDisplay``
parameter) and the encrypted JSON export.

``codeDisplay`` (percent-encoded JSON) gives ``pinned`` → favourite, ``tags`` → groups, ``note`` →
note; entries with ``trashed: true`` are in Ente's trash and are reported, not imported.

Encrypted: key = Argon2id v1.3 (libsodium ``crypto_pwhash``: parallelism 1, ``opsLimit`` passes,
``memLimit`` *bytes*) over the password and ``kdfParams.salt``; ``encryptedData`` is one message of a
``crypto_secretstream_xchacha20poly1305`` stream whose 24-byte header is ``encryptionNonce``. Its tag
is MESSAGE (0) in older exports and FINAL (3) in current ones. The parameters come from the file and
are capped by ``crypto.argon2id_import`` before anything is allocated: memory up to 1 GiB and memory ×
passes up to 1 GiB × 4 — Ente's "sensitive" profile, which it also writes as 256 MiB × 16 or
128 MiB × 32 on phones with little RAM.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote_plus

from tuiauth import AccountDraft, ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import AccountError, ImportFormatError
from ...plugin_kit.importing import (
    EntryCollector,
    answers_false_on_error,
    decode_text,
    decrypting,
    guarded,
    has_suffix,
    head_text,
    integer,
    load_json,
    names,
    note,
    require_dict,
    require_password,
    text,
)
from ._urilines import parse_uri_lines

WHAT = "Ente Auth"
_ACCEPTED_TAGS = (0, 3)  # crypto_secretstream TAG_MESSAGE, TAG_FINAL


def _code_display(line: str) -> dict[str, Any]:
    for part in line.partition("?")[2].split("&"):
        key, _, value = part.partition("=")
        if key.lower() == "codedisplay":
            try:
                parsed = load_json(unquote_plus(value, errors="replace"), WHAT)
            except ImportFormatError:
                return {}
            return parsed if isinstance(parsed, dict) else {}
    return {}


def _apply_code_display(line: str, draft: AccountDraft) -> AccountDraft:
    display = _code_display(line)
    if display.get("trashed") is True:
        raise AccountError("the entry is in Ente's trash")
    draft.favourite = display.get("pinned") is True
    draft.groups = names(display.get("tags"))
    draft.note = note(display, "note")
    return draft


def _parse_text(text_data: str) -> ImportResult:
    collector = EntryCollector()
    parse_uri_lines(text_data, WHAT, collector, _apply_code_display)
    return collector.result


def sniff_text(head: bytes, filename: str) -> float:
    start = head_text(head)
    if start.lstrip().startswith("otpauth://") and "codeDisplay=" in start:
        return 0.95
    return 0.5 if filename.lower().startswith("ente-auth-codes") and has_suffix(filename, ".txt") else 0.0


@guarded(WHAT)
def parse_text(data: bytes, password: str | None) -> ImportResult:
    return _parse_text(decode_text(data, WHAT))


def sniff_encrypted(head: bytes, filename: str) -> float:
    start = head_text(head)[:4096]
    return 0.95 if '"kdfParams"' in start and '"encryptedData"' in start else 0.0


def _outer(data: bytes) -> dict[str, Any]:
    outer = require_dict(load_json(data, WHAT), WHAT)
    if not isinstance(outer.get("kdfParams"), dict) or "encryptedData" not in outer:
        raise ImportFormatError("this is not an Ente encrypted export: it has no kdfParams and encryptedData")
    if outer.get("version") != 1:
        raise ImportFormatError(f"unsupported Ente export version {str(outer.get('version'))[:10]!r}")
    return outer


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    _outer(data)
    return True


def _b64(obj: dict[str, Any], key: str) -> bytes:
    try:
        return base64.b64decode(text(obj, key), validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError(f"this Ente export's {key} is not valid base64") from None


@guarded(WHAT)
def parse_encrypted(data: bytes, password: str | None) -> ImportResult:
    outer = _outer(data)
    kdf = outer["kdfParams"]
    params = crypto.KdfParams(
        memory_kib=integer(kdf, "memLimit", 0) // 1024, iterations=integer(kdf, "opsLimit", 0), lanes=1
    )
    salt, header, ciphertext = _b64(kdf, "salt"), _b64(outer, "encryptionNonce"), _b64(outer, "encryptedData")
    if len(salt) != 16 or len(header) != 24:
        raise ImportFormatError("this Ente export has a malformed salt or nonce")
    secret = require_password(password, WHAT).encode("utf-8")
    with decrypting(WHAT):
        key = crypto.argon2id_import(secret, salt, params)
        plain, tag = crypto.secretstream_pull(key, header, ciphertext)
    if tag not in _ACCEPTED_TAGS:
        raise ImportFormatError("this Ente export's encrypted data is not a single message")
    try:
        return _parse_text(plain.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportFormatError("this Ente export decrypted to something that is not text") from None


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="ente",
            app="Ente Auth",
            how="In Ente Auth: Settings, Data, Export codes, Plain text.",
            label="Ente Auth plain text export",
            sniff=sniff_text,
            parse=parse_text,
            patterns=("ente-auth-codes*.txt", "*.txt"),
            description="Ente Auth's plain export (otpauth URIs with pins, tags, notes and trash state).",
        ),
        ImporterSpec(
            name="ente-encrypted",
            app="Ente Auth",
            how="In Ente Auth: Settings, Data, Export codes, Encrypted; give the password you chose.",
            label="Ente Auth encrypted export",
            sniff=sniff_encrypted,
            parse=parse_encrypted,
            needs_password=needs_password,
            patterns=("ente-auth-codes*.json", "*.json"),
            description="Ente Auth's encrypted export (Argon2id + XChaCha20-Poly1305; up to 1 GiB of memory).",
        ),
    ]
