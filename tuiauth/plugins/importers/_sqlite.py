"""Reading other apps' internal SQLite databases without ever touching the original file.

The bytes are loaded into a private in-memory database (``Connection.deserialize``), switched to
read-only with untrusted-schema features off, and only plain ``SELECT``s on named tables are run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...plugin_kit.errors import ImportFormatError
from ...plugin_kit.importing import MAX_ENTRIES, check_size

if TYPE_CHECKING:
    import sqlite3

MAGIC = b"SQLite format 3\x00"


def open_database(data: bytes, what: str) -> sqlite3.Connection:
    """An in-memory, query-only copy of the database in ``data``; ImportFormatError when it is not one."""
    check_size(data, what)
    if not data.startswith(MAGIC):
        raise ImportFormatError(f"this is not a {what} database: it is not an SQLite file")
    if len(data) >= 20 and data[18:20] == b"\x02\x02":
        # A WAL-mode file: an in-memory copy cannot use a WAL, so read it as a rollback-journal file
        # (changes still only in the ``-wal`` side file are not in these bytes anyway).
        data = data[:18] + b"\x01\x01" + data[20:]
    import sqlite3  # kept out of plugin import time

    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.Error, OverflowError, ValueError):
        conn.close()
        raise ImportFormatError(f"this {what} database is damaged or not a database") from None
    return conn


def sniff_columns(head: bytes, table: str, what: str) -> set[str] | None:
    """For ``sniff``: the columns of ``table`` in the database at the start of a file, or None when
    the head is not a readable SQLite database (an empty set when it has no such table)."""
    if not head.startswith(MAGIC):
        return None
    try:
        conn = open_database(head, what)
    except ImportFormatError:
        return None
    try:
        return table_columns(conn, table)
    finally:
        conn.close()


def table_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """The column names of ``table`` (empty when there is no such table)."""
    import sqlite3

    try:
        rows = conn.execute("SELECT name FROM pragma_table_info(?)", (table,)).fetchall()
    except sqlite3.Error:
        return set()
    return {str(row[0]).lower() for row in rows}


def select_rows(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], what: str) -> list[dict[str, Any]]:
    """Every row of ``table`` as ``{column: value}``; the table must have all ``columns``.

    Names are checked against the table's own column list before being quoted into the query, so
    nothing from the file is ever interpreted as SQL.
    """
    import sqlite3

    present = table_columns(conn, table)
    missing = [c for c in columns if c.lower() not in present]
    if missing:
        raise ImportFormatError(f"this is not a {what} database: the {table!r} table lacks {', '.join(missing)}")
    query = 'SELECT {} FROM "{}" LIMIT {}'.format(  # noqa: S608 - identifiers checked above
        ", ".join(f'"{c}"' for c in columns), table, MAX_ENTRIES + 1
    )
    try:
        rows = conn.execute(query).fetchall()
    except sqlite3.Error:
        raise ImportFormatError(f"this {what} database is damaged: its {table!r} table cannot be read") from None
    if len(rows) > MAX_ENTRIES:
        raise ImportFormatError(f"this {what} database has more than {MAX_ENTRIES} accounts")
    return [dict(zip(columns, row, strict=True)) for row in rows]
