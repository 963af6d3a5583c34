"""Authenticator Plus: the export ZIP (legacy ZipCrypto, password) holding ``Accounts.txt``, an
otpauth URI list (FORMATS.md §12).

The app's backup database (``authplus.db``) is SQLCipher-encrypted; tuiauth does not open SQLCipher
files (that needs the sqlcipher library), so such a file gets an error saying to use the app's
export instead.
"""

from __future__ import annotations

from ...core.errors import ImportFormatError
from ...core.specs.importers import ImporterSpec, ImportResult
from ...hookspecs import hookimpl
from ._common import EntryCollector, answers_false_on_error, check_size, decode_text, guarded, has_suffix
from ._sqlite import MAGIC as SQLITE_MAGIC
from ._urilines import parse_uri_lines
from ._zip import is_zip, read_zip, zip_is_encrypted

WHAT = "Authenticator Plus"
ACCOUNTS_NAME = "Accounts.txt"


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    check_size(data, WHAT)
    if not is_zip(data):
        if data.startswith(SQLITE_MAGIC):
            raise ImportFormatError(f"this is an SQLite database, not an {WHAT} export ZIP")
        raise ImportFormatError(
            f"this is not an {WHAT} export ZIP; if it is the app's backup database (authplus.db), it is "
            "SQLCipher-encrypted, which tuiauth cannot open: use Export in the app and import the ZIP"
        )
    files = read_zip(data, WHAT, password, {ACCOUNTS_NAME})
    if not files:
        raise ImportFormatError(f"this ZIP is not an {WHAT} export: it has no {ACCOUNTS_NAME}")
    collector = EntryCollector()
    parse_uri_lines(decode_text(next(iter(files.values())), WHAT), WHAT, collector)
    return collector.result


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    return is_zip(data) and zip_is_encrypted(data, WHAT)


def sniff(head: bytes, filename: str) -> float:
    if is_zip(head):
        return 0.9 if ACCOUNTS_NAME.encode() in head[:1024] else 0.0
    if has_suffix(filename, "authplus.db") and not head.startswith(SQLITE_MAGIC):
        return 0.6
    return 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="authenticator-plus",
            label="Authenticator Plus export (ZIP)",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("*.zip",),
            description="Authenticator Plus' password-protected export ZIP (Accounts.txt).",
        )
    ]
