"""Authenticator Plus export ZIP (ZipCrypto), the SQLCipher refusal, ZIP caps, fuzzing."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import authenticator_plus

from .expected import aegis_range, assert_accounts
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


def test_sqlcipher_backup_gets_a_clear_error() -> None:
    assert SPEC.sniff(os.urandom(4096), "authplus.db") > 0
    with pytest.raises(ImportFormatError, match="SQLCipher"):
        SPEC.parse(os.urandom(4096), "pw")


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
