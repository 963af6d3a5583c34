"""cotp (a terminal authenticator): its plain JSON export and its encrypted database.

* Plain (``cotp export``, the default "cotp backup"): ``{"version": 2, "elements": [...]}``; a
  version-1 file is the bare list of elements. Element: ``secret`` (base32; hex for mOTP),
  ``issuer``, ``label`` (the account), ``digits``, ``type`` (TOTP, HOTP, STEAM, YANDEX, MOTP in any
  case), ``algorithm`` (SHA1, SHA256, SHA512, MD5), ``period``, ``counter`` (HOTP), ``pin``.
* Encrypted (cotp's own database file, ``db.cotp``): ``{"version": 1, "nonce", "salt", "cipher"}``,
  base64 each. Key = Argon2id v1.3 (password, salt, 32 MiB, 4 passes, 4 lanes, 32 bytes) — fixed
  in cotp's code, not read from the file, so a file cannot ask for more work; the plain JSON above
  is sealed with XChaCha20-Poly1305 (24-byte nonce, no associated data).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.encoding import b32decode, hexdecode
from ...plugin_kit.errors import AccountError, ImportFormatError
from ...plugin_kit.importing import (
    EntryCollector,
    algorithm,
    answers_false_on_error,
    decrypting,
    entry_label,
    guarded,
    has_suffix,
    head_text,
    integer,
    load_json,
    require_dict,
    require_list,
    require_password,
    text,
)

WHAT = "cotp"
KDF = crypto.KdfParams(memory_kib=32 * 1024, iterations=4, lanes=4)
_TYPES = {"totp", "hotp", "steam", "yandex", "motp"}
_ENCRYPTED_KEYS = {"nonce", "salt", "cipher"}
_ANDOTP_KEYS = {"thumbnail", "tags", "last_used", "used_frequency"}


def _b64(value: Any, field: str) -> bytes:
    if not isinstance(value, str):
        raise ImportFormatError(f"this encrypted {WHAT} database has no {field}")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError(f"this encrypted {WHAT} database's {field} is not base64") from None


def _decrypt(root: dict[str, Any], password: str) -> bytes:
    nonce, salt, cipher = (_b64(root.get(k), k) for k in ("nonce", "salt", "cipher"))
    if len(nonce) != 24:
        raise ImportFormatError(f"this encrypted {WHAT} database's nonce is not 24 bytes")
    with decrypting(WHAT):
        key = crypto.argon2id(password.encode("utf-8"), salt, KDF)
        return crypto.xchacha20poly1305_decrypt(key, nonce, cipher)


def _element(raw: Any) -> AccountDraft:
    if not isinstance(raw, dict):
        raise AccountError("the element is not an object")
    kind = text(raw, "type", "TOTP").lower()
    if kind not in _TYPES:
        raise AccountError(f"unknown OTP type {kind[:20]!r}")
    secret = text(raw, "secret")
    pin = text(raw, "pin")
    return AccountDraft(
        issuer=text(raw, "issuer"),
        name=text(raw, "label"),
        secret=hexdecode(secret) if kind == "motp" else b32decode(secret),
        type=kind,
        algorithm="MD5" if kind == "motp" else algorithm(raw.get("algorithm")),
        digits=integer(raw, "digits", 6),
        period=integer(raw, "period", 10 if kind == "motp" else 30),
        counter=integer(raw, "counter", 0) if kind == "hotp" else 0,
        extra={"pin": pin} if kind in ("motp", "yandex") and pin else {},
    )


def _elements(document: Any) -> list[Any]:
    if isinstance(document, list):
        return require_list(document, WHAT, "elements")
    root = require_dict(document, WHAT)
    if "elements" not in root:
        raise ImportFormatError(f"this is not a {WHAT} backup: it has no 'elements'")
    return require_list(root["elements"], WHAT, "elements")


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    document = load_json(data, WHAT)
    if isinstance(document, dict) and document.keys() >= _ENCRYPTED_KEYS:
        document = load_json(_decrypt(document, require_password(password, WHAT)), WHAT)
    collector = EntryCollector()
    for index, raw in enumerate(_elements(document)):
        fields = raw if isinstance(raw, dict) else {}
        with collector.entry(entry_label(fields.get("issuer"), fields.get("label"), index)):
            collector.add(_element(raw))
    return collector.result


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    document = load_json(data, WHAT)
    return isinstance(document, dict) and document.keys() >= _ENCRYPTED_KEYS


def sniff(head: bytes, filename: str) -> float:
    start = head_text(head).lstrip()
    if not start.startswith(("{", "[")):
        return 0.0
    if all(f'"{key}"' in start for key in _ENCRYPTED_KEYS):
        return 0.9
    if '"elements"' in start and '"label"' in start and '"secret"' in start:
        return 0.9
    if start.startswith("[") and '"pin"' in start and '"label"' in start and not _ANDOTP_KEYS & set(start.split('"')):
        return 0.92  # a version-1 backup, the bare list of elements: "pin" and none of andOTP's own keys
    return 0.3 if has_suffix(filename, ".cotp") else 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="cotp",
            label="cotp backup or database",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("*.cotp", "*.json"),
            description="cotp's plain JSON backup (cotp export) or its encrypted database (db.cotp).",
            app="cotp",
            how="Run 'cotp export' (it writes exported.cotp, plain JSON), or pick cotp's encrypted database "
            "~/.local/share/cotp/db.cotp (or ~/.cotp/db.cotp) and give its password.",
        )
    ]
