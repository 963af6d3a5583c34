"""Authy's Android preferences (``shared_prefs``, root access); Authy has no export.

``com.authy.storage.tokens.authenticator.key`` holds a JSON array of third-party accounts with
``decryptedSecret`` (base32) or, when a backup password is set, ``encryptedSecret`` (base64) +
``salt`` (text): key = PBKDF2-HMAC-SHA1(password, salt as UTF-8, 1000, 32), AES-256-CBC with an
all-zero IV, plaintext = the base32 secret. ``com.authy.storage.tokens.authy.key`` holds Authy's own
tokens: ``secretSeed`` (hex), 10-second period, digits from the entry, issuer = ``name``.
"""

from __future__ import annotations

from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode, b64decode, hexdecode

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import AccountError, ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import (
    EntryCollector,
    answers_false_on_error,
    entry_label,
    guarded,
    head_text,
    integer,
    load_json,
    require_list,
    require_password,
    split_label,
    text,
)
from ._android import looks_like_prefs, read_prefs

WHAT = "Authy"
AUTHENTICATOR_KEY = "com.authy.storage.tokens.authenticator.key"
AUTHY_KEY = "com.authy.storage.tokens.authy.key"
ITERATIONS = 1000
#: Every encrypted entry costs a key derivation: a file cannot ask for more than this many.
MAX_ENCRYPTED_ENTRIES = 2000
_ZERO_IV = bytes(16)


def _entries(prefs: dict[str, str], key: str) -> list[Any]:
    return require_list(load_json(prefs[key], WHAT), WHAT, key) if prefs.get(key) else []


def _decrypt_secret(row: dict[str, Any], password: str) -> bytes:
    ciphertext = b64decode(text(row, "encryptedSecret"))
    key = crypto.pbkdf2(password.encode("utf-8"), text(row, "salt").encode("utf-8"), ITERATIONS, "sha1")
    try:
        plain = crypto.aes_cbc_decrypt(key, _ZERO_IV, ciphertext).decode("ascii")
        return b32decode(plain)
    except (crypto.DecryptionError, UnicodeDecodeError, AccountError):
        raise _WrongPassword from None


class _WrongPassword(Exception):
    """One entry did not decrypt with the password given."""


def _names(row: dict[str, Any]) -> tuple[str, str]:
    prefix, account = split_label(text(row, "originalName"))
    display = text(row, "name")
    issuer = text(row, "originalIssuer") or prefix or display.partition(" - ")[0].strip()
    if not account:
        account = display.partition(" - ")[2].strip() if " - " in display else ""
    return issuer, account


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    prefs = read_prefs(data, WHAT)
    if AUTHENTICATOR_KEY not in prefs and AUTHY_KEY not in prefs:
        raise ImportFormatError(f"this is not an {WHAT} preferences file: it has no token list")
    rows = _entries(prefs, AUTHENTICATOR_KEY)
    encrypted = sum(1 for row in rows if isinstance(row, dict) and "decryptedSecret" not in row)
    if encrypted > MAX_ENCRYPTED_ENTRIES:
        raise ImportFormatError(f"this {WHAT} file has more than {MAX_ENCRYPTED_ENTRIES} encrypted accounts")
    if encrypted:
        password = require_password(password, WHAT)
    collector = EntryCollector()
    attempted = failed = 0
    for index, row in enumerate(rows):
        issuer, account = _names(row) if isinstance(row, dict) else ("", "")
        label = entry_label(issuer, account, index)
        with collector.entry(label):
            if not isinstance(row, dict):
                raise AccountError("the entry is not an object")
            if "decryptedSecret" in row:
                secret = b32decode(text(row, "decryptedSecret"))
            else:
                attempted += 1
                try:
                    secret = _decrypt_secret(row, password or "")
                except _WrongPassword:
                    failed += 1
                    raise AccountError("its secret does not decrypt with this password") from None
            collector.add(AccountDraft(issuer=issuer, name=account, secret=secret, digits=integer(row, "digits", 6)))
    if attempted and failed == attempted:
        raise ImportPasswordError(f"the backup password is wrong for this {WHAT} file")
    for index, row in enumerate(_entries(prefs, AUTHY_KEY)):
        name = row.get("name") if isinstance(row, dict) else None
        with collector.entry(entry_label(name, None, index)):
            if not isinstance(row, dict):
                raise AccountError("the entry is not an object")
            collector.add(
                AccountDraft(
                    issuer=text(row, "name"),
                    secret=hexdecode(text(row, "secretSeed")),
                    digits=integer(row, "digits", 7),
                    period=10,
                )
            )
    return collector.result


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    try:
        prefs = read_prefs(data, WHAT)
    except ImportFormatError:
        return False
    return '"encryptedSecret"' in prefs.get(AUTHENTICATOR_KEY, "")


def sniff(head: bytes, filename: str) -> float:
    return 0.95 if looks_like_prefs(head_text(head), AUTHENTICATOR_KEY, AUTHY_KEY) else 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="authy",
            app="Authy",
            how="Authy has no export: copy its shared_prefs XML of tokens off a rooted Android phone.",
            label="Authy (Android preferences)",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("*.xml",),
            description="Authy's shared_prefs XML (root access); asks for the backup password if set.",
        )
    ]
