"""2FAS backups (``.2fas`` JSON, schemas 1–4), plain and password-encrypted.

Schema differences: 1 has no digits/period/algorithm (TOTP SHA1/6/30); 2 adds those but no
``tokenType``, so its HOTP accounts can only come out as TOTP (the file does not say otherwise);
3 adds ``tokenType`` and ``counter``; 4 adds ``link`` (never trusted for the secret: iOS writes
``secret=[hidden]`` there) and makes ``label`` the account alone.

Encrypted: ``servicesEncrypted`` = ``base64(ciphertext‖tag):base64(salt):base64(iv)``, key =
PBKDF2-HMAC-SHA256(password, salt, 10 000, 32), AES-256-GCM; plaintext = the JSON array of services.
``reference`` has the same shape and is decrypted first so a wrong password is reported as such.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
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
    names,
    require_dict,
    require_list,
    require_password,
    split_label,
    text,
)

WHAT = "2FAS"
MAX_SCHEMA = 4
_ITERATIONS = 10_000
_TYPES = {"TOTP": "totp", "HOTP": "hotp", "STEAM": "steam"}


def sniff(head: bytes, filename: str) -> float:
    start = head_text(head)
    if '"schemaVersion"' in start and ('"services"' in start or '"servicesEncrypted"' in start):
        return 0.95
    return 0.5 if has_suffix(filename, ".2fas") else 0.0


def _outer(data: bytes) -> dict[str, Any]:
    outer = require_dict(load_json(data, WHAT), WHAT)
    if "services" not in outer or "schemaVersion" not in outer:
        raise ImportFormatError("this is not a 2FAS backup: it has no 'services' and 'schemaVersion'")
    schema = integer(outer, "schemaVersion", 0)
    if not 1 <= schema <= MAX_SCHEMA:
        raise ImportFormatError(f"unsupported 2FAS schema version {schema} (tuiauth reads 1 to {MAX_SCHEMA})")
    return outer


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    return bool(_outer(data).get("servicesEncrypted"))


def _three_parts(value: Any, field: str) -> tuple[bytes, bytes, bytes]:
    parts = value.split(":") if isinstance(value, str) else []
    if len(parts) != 3:
        raise ImportFormatError(f"this 2FAS backup's {field} is malformed")
    try:
        ciphertext, salt, iv = (base64.b64decode(p, validate=True) for p in parts)
    except (binascii.Error, ValueError):
        raise ImportFormatError(f"this 2FAS backup's {field} is not valid base64") from None
    if len(iv) != 12 or not salt:
        raise ImportFormatError(f"this 2FAS backup's {field} has a malformed salt or IV")
    return ciphertext, salt, iv


def _decrypt_services(outer: dict[str, Any], password: str) -> Any:
    ciphertext, salt, iv = _three_parts(outer["servicesEncrypted"], "servicesEncrypted")
    with decrypting(WHAT):
        key = crypto.pbkdf2(password.encode("utf-8"), salt, _ITERATIONS, "sha256")
        if outer.get("reference"):
            ref_ct, _, ref_iv = _three_parts(outer["reference"], "reference")
            crypto.aes_gcm_decrypt(key, ref_iv, ref_ct)
        plain = crypto.aes_gcm_decrypt(key, iv, ciphertext)
    return load_json(plain, WHAT)


def _entry(raw: dict[str, Any], schema: int, groups: dict[str, str]) -> AccountDraft:
    otp = raw.get("otp")
    otp = otp if isinstance(otp, dict) else {}
    kind = "totp"
    if schema >= 3:
        token_type = text(otp, "tokenType", "TOTP").upper()
        if token_type not in _TYPES:
            raise AccountError(f"unsupported 2FAS token type {token_type[:20]!r}")
        kind = _TYPES[token_type]
    issuer = text(raw, "name") or text(otp, "issuer")
    name = text(otp, "account")
    if not name and text(otp, "label"):
        label = text(otp, "label")
        name = label if schema >= 4 else split_label(label)[1]
    group = groups.get(text(raw, "groupId"))
    return AccountDraft(
        issuer=issuer,
        name=name,
        secret=b32decode(text(raw, "secret")),
        type=kind,
        algorithm=algorithm(otp.get("algorithm")),
        digits=integer(otp, "digits", 5 if kind == "steam" else 6),
        period=integer(otp, "period", 30) or 30,
        counter=integer(otp, "counter", 0) if kind == "hotp" else 0,
        groups=names([group]),
    )


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    outer = _outer(data)
    schema = integer(outer, "schemaVersion", 0)
    services: Any = outer["services"]
    if outer.get("servicesEncrypted"):
        services = _decrypt_services(outer, require_password(password, WHAT))
    services = require_list(services, WHAT, "services")
    groups = {
        g["id"]: g["name"]
        for g in outer.get("groups") or []
        if isinstance(g, dict) and isinstance(g.get("id"), str) and isinstance(g.get("name"), str)
    }
    collector = EntryCollector()
    for index, raw in enumerate(services):
        label = (
            entry_label(raw.get("name"), (raw.get("otp") or {}).get("account"), index) if isinstance(raw, dict) else ""
        )
        with collector.entry(label or f"entry {index + 1}"):
            collector.add(_entry(require_dict(raw, WHAT), schema, groups))
    return collector.result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="2fas",
            app="2FAS Authenticator",
            how="In 2FAS: Settings, 2FAS Backup, Export to file (.2fas); give its password if you set one.",
            label="2FAS Authenticator (.2fas, plain or encrypted)",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("*.2fas", "*.json"),
            description="2FAS backups, schema versions 1 to 4; encrypted backups need their password.",
        )
    ]
