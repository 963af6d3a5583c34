"""Authenticator Plus: the export ZIP (legacy ZipCrypto, password) holding ``Accounts.txt``, an
otpauth URI list, and the backup database ``authplus.db``.

The database is SQLCipher 3 (decrypted by ``_sqlcipher`` with the backup password) with
``accounts(email, secret, counter, type, issuer, original_name, category)``: type 0 TOTP, 1 HOTP,
2 Blizzard (hex secret, 8 digits); secrets otherwise base32, SHA1 / 6 digits / 30 s. ``email`` is
usually ``Issuer:account``; a category becomes a group.
"""

from __future__ import annotations

from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode, hexdecode

from ...hookspecs import hookimpl
from ...plugin_kit.errors import AccountError, ImportFormatError
from ...plugin_kit.importing import (
    EntryCollector,
    answers_false_on_error,
    check_size,
    decode_text,
    entry_label,
    guarded,
    has_suffix,
    integer,
    require_password,
    split_label,
    text,
)
from ._sqlcipher import decrypt_sqlcipher3, looks_like_sqlcipher
from ._sqlite import MAGIC as SQLITE_MAGIC
from ._sqlite import open_database, select_rows, table_columns
from ._urilines import parse_uri_lines
from ._zip import is_zip, read_zip, zip_is_encrypted

WHAT = "Authenticator Plus"
ACCOUNTS_NAME = "Accounts.txt"
_COLUMNS = ("email", "secret", "counter", "type", "issuer")


def _draft(row: dict[str, Any]) -> AccountDraft:
    kind = integer(row, "type", 0)
    prefix, account = split_label(text(row, "email"))
    issuer = text(row, "issuer") or prefix
    if kind == 0:
        return AccountDraft(issuer=issuer, name=account, secret=b32decode(text(row, "secret")))
    if kind == 1:
        secret = b32decode(text(row, "secret"))
        return AccountDraft(issuer=issuer, name=account, secret=secret, type="hotp", counter=integer(row, "counter", 0))
    if kind == 2:
        secret = hexdecode(text(row, "secret"))
        return AccountDraft(issuer=issuer or "Battle.net", name=account, secret=secret, digits=8)
    raise AccountError(f"unknown Authenticator Plus account type {kind}")


def _parse_database(plain: bytes) -> ImportResult:
    conn = open_database(plain, WHAT)
    try:
        with_category = "category" in table_columns(conn, "accounts")
        rows = select_rows(conn, "accounts", _COLUMNS + (("category",) if with_category else ()), WHAT)
    finally:
        conn.close()
    collector = EntryCollector()
    for index, row in enumerate(rows):
        with collector.entry(entry_label(row.get("issuer"), row.get("email"), index)):
            draft = _draft(row)
            category = text(row, "category")
            draft.groups = [category] if category else []
            collector.add(draft)
    return collector.result


def _parse_zip(data: bytes, password: str | None) -> ImportResult:
    files = read_zip(data, WHAT, password, {ACCOUNTS_NAME})
    if not files:
        raise ImportFormatError(f"this ZIP is not an {WHAT} export: it has no {ACCOUNTS_NAME}")
    collector = EntryCollector()
    parse_uri_lines(decode_text(next(iter(files.values())), WHAT), WHAT, collector)
    return collector.result


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    check_size(data, WHAT)
    if is_zip(data):
        return _parse_zip(data, password)
    if data.startswith(SQLITE_MAGIC):
        return _parse_database(data)
    if looks_like_sqlcipher(data):
        return _parse_database(decrypt_sqlcipher3(data, require_password(password, WHAT), WHAT))
    raise ImportFormatError(f"this is not an {WHAT} export ZIP or backup database")


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    if is_zip(data):
        return zip_is_encrypted(data, WHAT)
    return looks_like_sqlcipher(data)


def sniff(head: bytes, filename: str) -> float:
    if is_zip(head):
        return 0.9 if ACCOUNTS_NAME.encode() in head[:1024] else 0.0
    if has_suffix(filename, "authplus.db"):
        return 0.9 if looks_like_sqlcipher(head[:1024]) or head.startswith(SQLITE_MAGIC) else 0.3
    return 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="authenticator-plus",
            app="Authenticator Plus",
            how="Pick its password-protected export ZIP, or its backup database authplus.db.",
            label="Authenticator Plus (export ZIP or backup database)",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("*.zip", "authplus.db"),
            description="Authenticator Plus' password-protected export ZIP (Accounts.txt) or its "
            "SQLCipher backup database (authplus.db).",
        )
    ]
