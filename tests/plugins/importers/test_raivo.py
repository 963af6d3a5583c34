"""Raivo OTP export, built here by FORMATS.md §12 (only a hand-made sample exists publicly)."""

from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError
from tuiauth.plugins.importers import raivo

from .expected import aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

SPEC = raivo.tuiauth_importers()[0]
_VECTORS = [
    ("Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", "SHA1", "6", "TOTP", "30", "0"),
    ("SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU", "SHA256", "7", "TOTP", "20", "0"),
    ("Airbnb", "Elijah", "7ELGJSGXNCCTV3O6LKJWYFV2RA", "SHA512", "8", "TOTP", "50", "0"),
    ("Issuu", "James", "YOOMIXWS5GN6RTBPUFFWKTW5M4", "SHA1", "6", "HOTP", "30", "1"),
    ("Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII", "SHA256", "7", "HOTP", "30", "50"),
    ("WWE", "Mason", "5VAML3X35THCEBVRLV24CGBKOY", "SHA512", "8", "HOTP", "30", "10300"),
]
EXPORT = json.dumps(
    [
        {
            "issuer": i,
            "account": a,
            "secret": s,
            "algorithm": alg,
            "digits": d,
            "kind": k,
            "timer": t,
            "counter": c,
            "pinned": "true" if i == "WWE" else "false",
            "iconType": "",
            "iconValue": "",
        }
        for i, a, s, alg, d, k, t, c in _VECTORS
    ]
).encode()


def _zip(content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(raivo.JSON_NAME, content)
        archive.writestr("raivo-otp-export.html", b"<html></html>")
    return buffer.getvalue()


def _as_winzip_aes(data: bytes) -> bytes:
    """Mark every entry as encrypted with compression method 99 (WinZip AES), as Raivo writes."""
    patched = bytearray(data)
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (start := patched.find(signature, start)) >= 0:
            flags = struct.unpack_from("<H", patched, start + flag_at)[0]
            struct.pack_into("<HH", patched, start + flag_at, flags | 1, 99)
            assert method_at == flag_at + 2
            start += 4
    return bytes(patched)


def test_generated_json() -> None:
    assert SPEC.sniff(EXPORT, "raivo-otp-export.json") >= 0.9
    result = SPEC.parse(EXPORT, None)
    assert_accounts(result.drafts, aegis_range(1, 6))
    assert [d.issuer for d in result.drafts if d.favourite] == ["WWE"]


def test_unencrypted_zip() -> None:
    data = _zip(EXPORT)
    assert SPEC.sniff(data, "raivo.zip") >= 0.9 and not SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, None).drafts, aegis_range(1, 6))


def test_winzip_aes_zip_gets_a_clear_error() -> None:
    data = _as_winzip_aes(_zip(EXPORT))
    assert SPEC.needs_password(data)
    with pytest.raises(ImportFormatError, match="WinZip AES"):
        SPEC.parse(data, "secret")


def test_bad_values_are_problems() -> None:
    rows = [
        {"issuer": "X", "account": "y", "secret": "AAAA", "kind": "PUSH"},
        {"issuer": "Z", "secret": "AAAA", "pinned": "maybe"},
    ]
    result = SPEC.parse(json.dumps(rows).encode(), None)
    assert result.drafts == [] and [p.entry for p in result.problems] == ["X (y)", "Z"]


@FUZZ
@given(data=st.data())
def test_fuzz_values(data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated(EXPORT)), None)


@FUZZ
@given(data=st.data())
def test_fuzz_zip_bytes(data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_zip(EXPORT))), "pw")


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, None)
