"""TOTP Authenticator (com.authenticator.authservice2): its backup file and its internal preferences.

Backup: base64 text of AES-256-CBC (all-zero IV) with key = SHA-256(password); the app's default
password is ``TotpAuthenticator``. The plaintext is a JSON object whose single **key** is the JSON
text of the account array. Internal preferences: ``STATIC_TOTP_CODES_LIST`` holds that array.
Entries: ``{issuer, name, key, base (16|32|64), digits, period}`` (digits/period may be ``""``);
the app has no algorithm setting, so everything is SHA1.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode, b64decode, hexdecode

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import AccountError, ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import (
    EntryCollector,
    answers_false_on_error,
    check_size,
    entry_label,
    guarded,
    has_suffix,
    head_text,
    integer,
    load_json,
    require_dict,
    require_list,
    text,
)
from ._android import looks_like_prefs, read_prefs

WHAT = "TOTP Authenticator"
DEFAULT_PASSWORD = "TotpAuthenticator"  # noqa: S105 - the app's published default
PREFS_KEY = "STATIC_TOTP_CODES_LIST"
_ZERO_IV = bytes(16)
_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/=\r\n]+")
_DECODERS = {16: hexdecode, 32: b32decode, 64: b64decode}


def _draft(row: dict[str, Any]) -> AccountDraft:
    decoder = _DECODERS.get(integer(row, "base", 16))
    if decoder is None:
        raise AccountError(f"unknown secret encoding base {row.get('base')!r}")
    return AccountDraft(
        issuer=text(row, "issuer"),
        name=text(row, "name"),
        secret=decoder(text(row, "key")),
        digits=integer(row, "digits", 6),
        period=integer(row, "period", 30),
    )


def _result(rows: list[Any]) -> ImportResult:
    collector = EntryCollector()
    for index, row in enumerate(rows):
        issuer, name = (row.get("issuer"), row.get("name")) if isinstance(row, dict) else (None, None)
        with collector.entry(entry_label(issuer, name, index)):
            if not isinstance(row, dict):
                raise AccountError("the entry is not an object")
            collector.add(_draft(row))
    return collector.result


def _ciphertext(data: bytes) -> bytes:
    check_size(data, WHAT)
    try:
        ciphertext = base64.b64decode(b"".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError(f"this is not a {WHAT} backup: it is not base64 text") from None
    if not ciphertext or len(ciphertext) % 16:
        raise ImportFormatError(f"this is not a {WHAT} backup: its length is not whole AES blocks")
    return ciphertext


def _decrypt_rows(ciphertext: bytes, password: str) -> list[Any]:
    """The account array, or ImportPasswordError when the password does not give valid JSON."""
    try:
        plain = crypto.aes_cbc_decrypt(crypto.sha256(password.encode("utf-8")), _ZERO_IV, ciphertext)
        outer = require_dict(load_json(plain, WHAT), WHAT)
        if len(outer) != 1:
            raise ImportFormatError(f"this {WHAT} backup does not hold one account list")
        return require_list(load_json(next(iter(outer)), WHAT), WHAT, "accounts")
    except (crypto.DecryptionError, ImportFormatError):
        raise ImportPasswordError(f"the password is wrong for this {WHAT} backup (or it is damaged)") from None


@guarded(WHAT)
def parse_backup(data: bytes, password: str | None) -> ImportResult:
    return _result(_decrypt_rows(_ciphertext(data), DEFAULT_PASSWORD if password is None else password))


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    """False when the app's default password opens the backup."""
    try:
        _decrypt_rows(_ciphertext(data), DEFAULT_PASSWORD)
    except ImportPasswordError:
        return True
    except ImportFormatError:
        return False
    return False


@guarded(WHAT)
def parse_prefs(data: bytes, password: str | None) -> ImportResult:
    prefs = read_prefs(data, WHAT)
    if PREFS_KEY not in prefs:
        raise ImportFormatError(f"this is not a {WHAT} preferences file: it has no {PREFS_KEY}")
    return _result(require_list(load_json(prefs[PREFS_KEY], WHAT), WHAT, PREFS_KEY))


def sniff_backup(head: bytes, filename: str) -> float:
    """Base64 text of at least one AES block; when the whole file is in ``head``, of whole blocks
    (a host name or a word is base64 text too, but not that)."""
    stripped = head.strip()[:4096]
    if not stripped or not _BASE64_TEXT.fullmatch(stripped):
        return 0.0
    joined = b"".join(stripped.split())
    if len(joined) < 24:  # 16 bytes of ciphertext
        return 0.0
    if len(head) < 4096:
        try:
            whole = len(base64.b64decode(joined, validate=True)) % 16 == 0
        except (binascii.Error, ValueError):
            whole = False
        if not whole:
            return 0.0
    return 0.6 if has_suffix(filename, ".bin", ".encrypt") else 0.2


def sniff_prefs(head: bytes, filename: str) -> float:
    return 0.95 if looks_like_prefs(head_text(head), PREFS_KEY) else 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="totp-authenticator",
            app="TOTP Authenticator",
            how="In TOTP Authenticator: Settings, Backup; give its password (the app's default is tried first).",
            label="TOTP Authenticator backup",
            sniff=sniff_backup,
            parse=parse_backup,
            needs_password=needs_password,
            patterns=("*.bin", "*.encrypt"),
            description="TOTP Authenticator's encrypted backup (the app's default password is tried first).",
        ),
        ImporterSpec(
            name="totp-authenticator-internal",
            app="TOTP Authenticator",
            how="Copy the app's shared_prefs XML off a rooted Android phone.",
            label="TOTP Authenticator (Android preferences)",
            sniff=sniff_prefs,
            parse=parse_prefs,
            patterns=("*.xml",),
            description="TOTP Authenticator's shared_prefs XML (root access).",
        ),
    ]
