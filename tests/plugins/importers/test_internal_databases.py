"""Microsoft Authenticator and Google Authenticator internal SQLite databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError
from tuiauth.plugins.importers import google_db, microsoft_db

from .expected import aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

MS = microsoft_db.tuiauth_importers()[0]
GA = google_db.tuiauth_importers()[0]


def test_microsoft_database(corpus_dir: Path) -> None:
    path = corpus_dir / "files" / "microsoft_authenticator.sqlite"
    data = path.read_bytes()
    assert MS.sniff(data, path.name) >= 0.9 and GA.sniff(data, path.name) == 0
    result = MS.parse(data, None)
    # Every row is account_type 0: plain TOTP SHA1/6/30 whatever the original account was.
    assert_accounts(result.drafts, aegis_range(1, 7, type="totp", algorithm="SHA1", digits=6, period=30))
    assert path.read_bytes() == data


def test_microsoft_account_rows_and_push_rows(tmp_path: Path) -> None:
    path = tmp_path / "PhoneFactor"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE accounts (name TEXT, username TEXT, oath_secret_key TEXT, account_type INTEGER)")
        conn.execute("INSERT INTO accounts VALUES ('Microsoft', 'me@outlook.com', 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=', 1)")
        conn.execute("INSERT INTO accounts VALUES ('Contoso', 'me@contoso.com', '', 2)")
    result = MS.parse(path.read_bytes(), None)
    (draft,) = result.drafts
    assert (draft.issuer, draft.name, draft.digits, draft.secret) == (
        "Microsoft",
        "me@outlook.com",
        8,
        b"12345678901234567890",
    )
    assert result.problems[0].entry == "Contoso (me@contoso.com)" and "push" in result.problems[0].reason


def test_google_database(corpus_dir: Path) -> None:
    path = corpus_dir / "files" / "google_authenticator.sqlite"
    data = path.read_bytes()
    assert GA.sniff(data, path.name) >= 0.9 and MS.sniff(data, path.name) == 0
    result = GA.parse(data, None)
    # The database has no algorithm, digits or period columns: SHA1 / 6 / 30 for all six.
    assert_accounts(result.drafts, aegis_range(1, 6, algorithm="SHA1", digits=6, period=30))


def test_not_sqlite_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="not an SQLite"):
        GA.parse(b"hello", None)
    with pytest.raises(ImportFormatError, match="damaged"):
        MS.parse(b"SQLite format 3\x00" + b"\xff" * 200, None)


@FUZZ
@given(data=st.data())
def test_fuzz_microsoft_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(MS, data.draw(mutated((corpus_dir / "files" / "microsoft_authenticator.sqlite").read_bytes())), None)


@FUZZ
@given(data=st.data())
def test_fuzz_google_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(GA, data.draw(mutated((corpus_dir / "files" / "google_authenticator.sqlite").read_bytes())), None)


@FUZZ
@given(data=st.binary(max_size=2048))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(MS, b"SQLite format 3\x00" + data, None)
    check_contract(GA, data, None)
