"""Stratum / Authenticator Pro: backups (plain, encrypted, legacy) and the internal database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import stratum, stratum_db

from .expected import aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

SPEC = stratum.tuiauth_importers()[0]
DB_SPEC = stratum_db.tuiauth_importers()[0]


def _read(corpus_dir: Path, name: str) -> bytes:
    return (corpus_dir / "files" / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "password"),
    [("stratum_plain.json", None), ("stratum_encrypted.bin", "test"), ("stratum_encrypted_legacy.bin", "test")],
)
def test_backups_give_the_aegis_set(corpus_dir: Path, name: str, password: str | None) -> None:
    data = _read(corpus_dir, name)
    assert SPEC.sniff(data[:65536], name) >= 0.9
    assert SPEC.needs_password(data) is (password is not None)
    result = SPEC.parse(data, password)
    assert_accounts(result.drafts, aegis_range(1, 7))
    assert result.problems == []


@pytest.mark.parametrize("name", ["stratum_encrypted.bin", "stratum_encrypted_legacy.bin"])
def test_missing_and_wrong_passwords(corpus_dir: Path, name: str) -> None:
    data = _read(corpus_dir, name)
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "nope")


def test_internal_database_gives_the_aegis_set(corpus_dir: Path) -> None:
    path = corpus_dir / "files" / "stratum_internal.db"
    before = path.read_bytes()
    assert DB_SPEC.sniff(before, path.name) >= 0.9
    result = DB_SPEC.parse(before, None)
    assert_accounts(result.drafts, aegis_range(1, 7))
    assert path.read_bytes() == before  # never written


def test_categories_motp_yandex_and_problems() -> None:
    rows = [
        {"Type": 3, "Issuer": "M", "Username": "u", "Secret": "0123456789abcdef", "Pin": "1234", "Digits": 6},
        {"Type": 5, "Issuer": "Y", "Username": "v", "Secret": "MFRGGZDFMZTWQ2LK", "Pin": "5678"},
        {"Type": 2, "Issuer": "T", "Username": "w", "Secret": "MFRGGZDFMZTWQ2LK", "Algorithm": 7},
        {"Type": 9, "Issuer": "X", "Username": "x", "Secret": "MFRGGZDFMZTWQ2LK"},
    ]
    backup = {
        "Authenticators": rows,
        "Categories": [{"Id": "c1", "Name": "Work"}],
        "AuthenticatorCategories": [{"CategoryId": "c1", "AuthenticatorSecret": "0123456789abcdef"}],
    }
    result = SPEC.parse(json.dumps(backup).encode(), None)
    motp, yandex = result.drafts
    assert (motp.type, motp.algorithm, motp.period, motp.extra, motp.groups) == (
        "motp",
        "MD5",
        10,
        {"pin": "1234"},
        ["Work"],
    )
    assert motp.secret == bytes.fromhex("0123456789abcdef")
    assert (yandex.type, yandex.extra) == ("yandex", {"pin": "5678"})
    assert [p.entry for p in result.problems] == ["T (w)", "X (x)"]
    assert "algorithm" in result.problems[0].reason and "type" in result.problems[1].reason


def test_a_database_without_the_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    data = path.read_bytes()
    assert DB_SPEC.sniff(data, "other.db") == 0
    with pytest.raises(ImportFormatError, match="lacks"):
        DB_SPEC.parse(data, None)


@FUZZ
@given(data=st.data())
def test_fuzz_plain_values(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated(_read(corpus_dir, "stratum_plain.json"))), None)


@FUZZ
@given(data=st.data())
def test_fuzz_legacy_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_read(corpus_dir, "stratum_encrypted_legacy.bin"))), "test")


@FUZZ
@given(data=st.data())
def test_fuzz_encrypted_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_read(corpus_dir, "stratum_encrypted.bin"))), None)


@FUZZ
@given(data=st.data())
def test_fuzz_database_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(DB_SPEC, data.draw(mutated(_read(corpus_dir, "stratum_internal.db"))), None)


@FUZZ
@given(data=st.binary(max_size=2048))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, "test")
    check_contract(DB_SPEC, data, None)
