"""Stratum / Authenticator Pro's internal database (``databases/authenticator.db3``, root access).

Tables ``authenticator(type, issuer, username, secret, pin, algorithm, digits, period, counter)``,
``category(id, name)`` and ``authenticatorcategory(categoryId, authenticatorSecret)``.
"""

from __future__ import annotations

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit.importing import EntryCollector, guarded, has_suffix
from ._sqlite import MAGIC, open_database, select_rows, sniff_columns, table_columns
from ._stratum_entries import add_rows, groups_by_secret

WHAT = "Stratum"
_COLUMNS = ("type", "issuer", "username", "secret", "pin", "algorithm", "digits", "period", "counter")


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    conn = open_database(data, WHAT)
    try:
        rows = select_rows(conn, "authenticator", _COLUMNS, WHAT)
        categories: list[dict[str, object]] = []
        links: list[dict[str, object]] = []
        if table_columns(conn, "category") >= {"id", "name"}:
            categories = select_rows(conn, "category", ("id", "name"), WHAT)
        if table_columns(conn, "authenticatorcategory") >= {"categoryid", "authenticatorsecret"}:
            links = select_rows(conn, "authenticatorcategory", ("categoryId", "authenticatorSecret"), WHAT)
    finally:
        conn.close()
    collector = EntryCollector()
    add_rows(collector, rows, groups_by_secret(categories, links))
    return collector.result


def sniff(head: bytes, filename: str) -> float:
    if not head.startswith(MAGIC):
        return 0.0
    columns = sniff_columns(head, "authenticator", WHAT)
    if columns is None:  # SQLite, but not readable from the sniffed head alone
        return 0.5 if has_suffix(filename, "authenticator.db3") else 0.0
    return 0.95 if columns >= set(_COLUMNS) else 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="stratum-db",
            app="Stratum / Authenticator Pro",
            how="Copy the app's authenticator.db3 off a rooted Android phone.",
            label="Stratum / Authenticator Pro internal database",
            sniff=sniff,
            parse=parse,
            patterns=("authenticator.db3", "*.db", "*.db3"),
            description="The app's internal SQLite database, copied off a rooted Android device.",
        )
    ]
