"""Authenticator Plus: export ZIP (ZipCrypto), SQLCipher backup database, ZIP caps, fuzzing."""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import authenticator_plus
from tuiauth.testing import require_binary

from .expected import aegis, aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

SPEC = authenticator_plus.tuiauth_importers()[0]


def _read(corpus_dir: Path) -> bytes:
    return (corpus_dir / "files" / "authenticator_plus.zip").read_bytes()


def test_export_zip(corpus_dir: Path) -> None:
    data = _read(corpus_dir)
    assert SPEC.sniff(data, "x.zip") >= 0.9 and SPEC.needs_password(data)
    result = SPEC.parse(data, "testtesttest")
    assert_accounts(result.drafts, aegis_range(1, 7))
    assert result.problems == []
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "testtesttesu")


_ROWS = [
    ("Deno:Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", 0, 0, "Deno", "Work"),
    ("Issuu:James", "YOOMIXWS5GN6RTBPUFFWKTW5M4", 1, 1, "Issuu", ""),
    ("US-2211-2050-3346", "0b0d1bbcc5046102f0cc9eba904d7aae16038c28", 0, 2, "", ""),
    ("Bad:Row", "Secret1One", 0, 0, "Bad", ""),
]


def _sqlcipher_backup(tmp_path: Path, password: str) -> bytes:
    """A backup database written by the real SQLCipher 3 command-line tool (its default settings)."""
    sqlcipher = require_binary("sqlcipher", "apt-get install sqlcipher")
    path = tmp_path / "authplus.db"
    values = ", ".join(f"('{e}', '{s}', {c}, {t}, '{i}', '{e}', '{g}')" for e, s, c, t, i, g in _ROWS)
    script = (
        f"PRAGMA key = '{password}';\n"
        "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, "
        "counter INTEGER DEFAULT 0, type INTEGER, issuer TEXT, original_name TEXT, category TEXT);\n"
        f"INSERT INTO accounts (email, secret, counter, type, issuer, original_name, category) VALUES {values};\n"
    )
    subprocess.run([sqlcipher, str(path)], input=script, text=True, check=True, capture_output=True)
    return path.read_bytes()


def test_sqlcipher_backup_database(tmp_path: Path) -> None:
    data = _sqlcipher_backup(tmp_path, "testtest")
    assert not data.startswith(b"SQLite format 3")
    assert SPEC.sniff(data[:65536], "authplus.db") >= 0.9 and SPEC.needs_password(data)
    result = SPEC.parse(data, "testtest")
    assert_accounts(result.drafts, [*aegis("A1"), *aegis("A4", algorithm="SHA1", digits=6), *aegis("A8")])
    assert {d.issuer: d.groups for d in result.drafts}["Deno"] == ["Work"]
    assert [p.entry for p in result.problems] == ["Bad (Bad:Row)"]
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "testtesu")


def test_sqlcipher_damaged_page_is_reported(tmp_path: Path) -> None:
    data = bytearray(_sqlcipher_backup(tmp_path, "pw"))
    data[1024 + 10] ^= 1
    with pytest.raises(ImportFormatError, match="damaged"):
        SPEC.parse(bytes(data), "pw")


#: The SQLCipher seed file, made once per run for the fuzz test.
_SEEDS: dict[str, bytes] = {}


@FUZZ
@given(data=st.data())
def test_fuzz_sqlcipher_bytes(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    seed = _SEEDS.get("db") or _SEEDS.setdefault("db", _sqlcipher_backup(tmp_path_factory.mktemp("ap"), "pw"))
    check_contract(SPEC, data.draw(mutated(seed)), "pw", "authplus.db")


def test_other_binary_files_are_refused() -> None:
    with pytest.raises(ImportFormatError, match="not an Authenticator Plus"):
        SPEC.parse(os.urandom(1000), "pw")
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(os.urandom(2048), "pw")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_caps() -> None:
    many = _zip({f"f{i}.txt": b"" for i in range(1001)})
    with pytest.raises(ImportFormatError, match="entries"):
        SPEC.parse(many, None)
    bomb = _zip({"Accounts.txt": b"\0" * (8 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024
    with pytest.raises(ImportFormatError, match="too much data"):
        SPEC.parse(bomb, None)


@FUZZ
@given(data=st.data())
def test_fuzz_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_read(corpus_dir))), "testtesttest")


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, "pw", "authplus.db")
