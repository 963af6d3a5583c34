"""Google Authenticator's legacy internal database (``databases/databases``, app 5.00 and older).

Table ``accounts(email, secret, counter, type, issuer, …)``: type 0 TOTP, 1 HOTP, secrets base32,
everything SHA1 / 6 digits / 30 s. ``email`` is usually ``Issuer:account``.
"""

from __future__ import annotations

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode

from ...hookspecs import hookimpl
from ...plugin_kit.errors import AccountError
from ...plugin_kit.importing import EntryCollector, entry_label, guarded, integer, split_label, text
from ._sqlite import open_database, select_rows, sniff_columns

WHAT = "Google Authenticator"
_COLUMNS = ("email", "secret", "counter", "type", "issuer")
_TYPES = {0: "totp", 1: "hotp"}


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    conn = open_database(data, WHAT)
    try:
        rows = select_rows(conn, "accounts", _COLUMNS, WHAT)
    finally:
        conn.close()
    collector = EntryCollector()
    for index, row in enumerate(rows):
        with collector.entry(entry_label(row.get("issuer"), row.get("email"), index)):
            kind = _TYPES.get(integer(row, "type", 0))
            if kind is None:
                raise AccountError(f"unknown Google Authenticator account type {row.get('type')!r}")
            prefix, account = split_label(text(row, "email"))
            collector.add(
                AccountDraft(
                    issuer=text(row, "issuer") or prefix,
                    name=account,
                    secret=b32decode(text(row, "secret")),
                    type=kind,
                    counter=integer(row, "counter", 0) if kind == "hotp" else 0,
                )
            )
    return collector.result


def sniff(head: bytes, filename: str) -> float:
    columns = sniff_columns(head, "accounts", WHAT)
    return 0.9 if columns is not None and columns >= {*_COLUMNS, "original_name"} else 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="google-authenticator-db",
            app="Google Authenticator",
            how="Copy databases/databases off a rooted Android phone (app 5.00 and older).",
            label="Google Authenticator internal database (legacy)",
            sniff=sniff,
            parse=parse,
            patterns=("databases", "*.sqlite", "*.db"),
            description="The old Android app's databases/databases file (root access, app 5.00 and older).",
        )
    ]
