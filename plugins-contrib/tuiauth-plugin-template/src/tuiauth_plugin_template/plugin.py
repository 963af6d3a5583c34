"""The ``simple-csv`` importer: ``issuer,account,secret`` per line, base32 secrets, TOTP defaults.

It shows the whole importer contract: a cheap ``sniff``, a ``parse`` that caps the input size before
reading, raises ``ImportFormatError`` for a file that is not this format, and turns each bad line into
an ``ImportProblem`` instead of failing the file.
"""

from __future__ import annotations

import csv
import io

from tuiauth import AccountDraft, ImporterSpec, ImportFormatError, ImportProblem, ImportResult, TuiauthError, hookimpl
from tuiauth.plugin_kit.encoding import b32decode

MAX_BYTES = 1024 * 1024
HEADER = ["issuer", "account", "secret"]


def sniff(head: bytes, filename: str) -> float:
    first = head.split(b"\n", 1)[0].strip().lower()
    if first == b"issuer,account,secret":
        return 0.9
    return 0.3 if filename.lower().endswith(".csv") and first.count(b",") == 2 else 0.0


def parse(data: bytes, password: str | None) -> ImportResult:
    if len(data) > MAX_BYTES:
        raise ImportFormatError("this file is larger than 1 MiB; a simple CSV export never is")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFormatError("this is not a simple-csv file: it is not UTF-8 text") from None
    result = ImportResult()
    rows = list(csv.reader(io.StringIO(text)))
    if rows and [c.strip().lower() for c in rows[0]] == HEADER:
        rows = rows[1:]
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            result.problems.append(ImportProblem(f"line {number}", f"expected 3 columns, found {len(row)}"))
            continue
        issuer, name, secret = (cell.strip() for cell in row)
        try:
            draft = AccountDraft(issuer=issuer, name=name, secret=b32decode(secret))
            draft.check()
        except TuiauthError as exc:
            result.problems.append(ImportProblem(f"line {number} ({issuer or name})", exc.message))
            continue
        result.drafts.append(draft)
    if not result.drafts and not result.problems:
        raise ImportFormatError("this simple-csv file has no accounts")
    return result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="simple-csv",
            label="Simple CSV (issuer,account,secret)",
            sniff=sniff,
            parse=parse,
            patterns=("*.csv",),
            description="One account per line: issuer, account name, base32 secret.",
        )
    ]
