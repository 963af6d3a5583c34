"""Stratum / Authenticator Pro backups (``.authpro``): plain JSON, encrypted, and legacy encrypted.

Encrypted: ``AUTHENTICATORPRO`` ‖ salt (16) ‖ IV (12) ‖ AES-256-GCM ciphertext‖tag with the key
Argon2id(t=3, m=64 MiB, p=4). Legacy: ``AuthenticatorPro`` ‖ salt (20) ‖ IV (16) ‖ AES-256-CBC with
the key PBKDF2-HMAC-SHA1(64 000). Both decrypt to the plain JSON.
"""

from __future__ import annotations

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import (
    EntryCollector,
    check_size,
    decrypting,
    guarded,
    has_suffix,
    head_text,
    load_json,
    require_dict,
    require_list,
    require_password,
)
from ._stratum_entries import add_rows, groups_by_secret

WHAT = "Stratum backup"
MAGIC = b"AUTHENTICATORPRO"
LEGACY_MAGIC = b"AuthenticatorPro"
ARGON2_PARAMS = crypto.KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
LEGACY_ITERATIONS = 64_000


def _decrypt(data: bytes, password: str) -> bytes:
    secret = password.encode("utf-8")
    with decrypting(WHAT):
        if data.startswith(MAGIC):
            salt, iv, body = data[16:32], data[32:44], data[44:]
            if len(body) < 16:
                raise ImportFormatError(f"this {WHAT} is truncated")
            key = crypto.argon2id(secret, salt, ARGON2_PARAMS)
            return crypto.aes_gcm_decrypt(key, iv, body)
        salt, iv, body = data[16:36], data[36:52], data[52:]
        if not body or len(body) % 16:
            raise ImportFormatError(f"this {WHAT} is truncated")
        key = crypto.pbkdf2(secret, salt, LEGACY_ITERATIONS, "sha1")
        return crypto.aes_cbc_decrypt(key, iv, body)


def _is_encrypted(data: bytes) -> bool:
    return data.startswith((MAGIC, LEGACY_MAGIC))


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    check_size(data, WHAT)
    encrypted = _is_encrypted(data)
    if encrypted:
        data = _decrypt(data, require_password(password, WHAT))
    try:
        root = require_dict(load_json(data, WHAT), WHAT)
    except ImportFormatError:
        if encrypted:
            raise ImportPasswordError(f"the password is wrong for this {WHAT} (or it is damaged)") from None
        raise
    if "Authenticators" not in root:
        raise ImportFormatError(f"this is not a {WHAT}: it has no Authenticators list")
    rows = require_list(root["Authenticators"], WHAT, "Authenticators")
    collector = EntryCollector()
    add_rows(collector, rows, groups_by_secret(root.get("Categories"), root.get("AuthenticatorCategories")))
    return collector.result


def sniff(head: bytes, filename: str) -> float:
    if _is_encrypted(head):
        return 1.0
    text_head = head_text(head).lstrip()
    if text_head.startswith("{") and '"Authenticators"' in text_head:
        return 0.95
    return 0.2 if has_suffix(filename, ".authpro") else 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="stratum",
            app="Stratum / Authenticator Pro",
            how="In Stratum: Settings, Backup; with or without a password.",
            label="Stratum / Authenticator Pro backup",
            sniff=sniff,
            parse=parse,
            needs_password=_is_encrypted,
            patterns=("*.authpro", "*.json", "*.bin"),
            description="Authenticator Pro / Stratum backup: plain JSON, encrypted, or legacy encrypted.",
        )
    ]
