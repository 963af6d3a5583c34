"""Microsoft Authenticator's internal database (``databases/PhoneFactor``, root access).

Table ``accounts(name = issuer, username, oath_secret_key, account_type)``. Type 0: a third-party
TOTP account, base32 secret, SHA1 / 6 digits / 30 s. Type 1: a Microsoft account, base64 secret,
8 digits. Other types (work accounts with push sign-in) have no OTP secret and are reported.
"""

from __future__ import annotations

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode, b64decode

from ...hookspecs import hookimpl
from ...plugin_kit.errors import AccountError
from ...plugin_kit.importing import EntryCollector, entry_label, guarded, integer, text
from ._sqlite import open_database, select_rows, sniff_columns

WHAT = "Microsoft Authenticator"
_COLUMNS = ("name", "username", "oath_secret_key", "account_type")


def _draft(row: dict[str, object]) -> AccountDraft:
    kind = integer(row, "account_type", 0)
    secret = text(row, "oath_secret_key")
    if kind == 0:
        return AccountDraft(issuer=text(row, "name"), name=text(row, "username"), secret=b32decode(secret))
    if kind == 1:
        return AccountDraft(issuer=text(row, "name"), name=text(row, "username"), secret=b64decode(secret), digits=8)
    raise AccountError(f"account type {kind} has no one-time-password secret (push sign-in only)")


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    conn = open_database(data, WHAT)
    try:
        rows = select_rows(conn, "accounts", _COLUMNS, WHAT)
    finally:
        conn.close()
    collector = EntryCollector()
    for index, row in enumerate(rows):
        with collector.entry(entry_label(row.get("name"), row.get("username"), index)):
            collector.add(_draft(row))
    return collector.result


def sniff(head: bytes, filename: str) -> float:
    columns = sniff_columns(head, "accounts", WHAT)
    return 0.95 if columns is not None and columns >= set(_COLUMNS) else 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="microsoft-authenticator-db",
            app="Microsoft Authenticator",
            how="Microsoft has no export: copy databases/PhoneFactor off a rooted Android phone.",
            label="Microsoft Authenticator internal database",
            sniff=sniff,
            parse=parse,
            patterns=("PhoneFactor", "*.sqlite", "*.db"),
            description="The Android app's databases/PhoneFactor file (root access).",
        )
    ]
