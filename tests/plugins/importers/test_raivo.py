"""Raivo OTP export, built here from the format's public description (only a hand-made sample exists publicly), plain,
in a ZIP, and in a WinZip AES ZIP as Raivo writes it."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import struct
import zipfile
import zlib

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
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


def _as_aes_method(data: bytes) -> bytes:
    """Mark every entry encrypted with compression method 99 (WinZip AES) in both headers."""
    patched = bytearray(data)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := patched.find(signature, start)) >= 0:
            flags = struct.unpack_from("<H", patched, start + flag_at)[0]
            struct.pack_into("<HH", patched, start + flag_at, flags | 1, 99)  # flags, then method
            start += 4
    return bytes(patched)


def _winzip_aes_zip(content: bytes, password: str, strength: int = 3) -> bytes:
    """A Raivo-like ZIP written here from the public WinZip AE-2 description, independently of
    tuiauth: deflate, AES-CTR (little-endian counter from 1), HMAC-SHA1/10, PBKDF2-SHA1 x 1000."""
    key_bytes = {1: 16, 2: 24, 3: 32}[strength]
    salt = os.urandom(key_bytes // 2)
    keys = hashlib.pbkdf2_hmac("sha1", password.encode(), salt, 1000, 2 * key_bytes + 2)
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflater.compress(content) + deflater.flush()
    blocks = b"".join((i + 1).to_bytes(16, "little") for i in range((len(packed) + 15) // 16))
    stream = Cipher(algorithms.AES(keys[:key_bytes]), modes.ECB()).encryptor().update(blocks)
    body = bytes(a ^ b for a, b in zip(packed, stream, strict=False))
    mac = hmac.new(keys[key_bytes : 2 * key_bytes], body, "sha1").digest()[:10]
    info = zipfile.ZipInfo(raivo.JSON_NAME)
    info.extra = struct.pack("<HHH2sBH", 0x9901, 7, 2, b"AE", strength, zipfile.ZIP_DEFLATED)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(info, salt + keys[-2:] + body + mac)
    return _as_aes_method(buffer.getvalue())


def test_generated_json() -> None:
    assert SPEC.sniff(EXPORT, "raivo-otp-export.json") >= 0.9
    result = SPEC.parse(EXPORT, None)
    assert_accounts(result.drafts, aegis_range(1, 6))
    assert [d.issuer for d in result.drafts if d.favourite] == ["WWE"]


def test_unencrypted_zip() -> None:
    data = _zip(EXPORT)
    assert SPEC.sniff(data, "raivo.zip") >= 0.9 and not SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, None).drafts, aegis_range(1, 6))


@pytest.mark.parametrize("strength", [1, 2, 3])
def test_winzip_aes_zip(strength: int) -> None:
    data = _winzip_aes_zip(EXPORT, "raivo-pw", strength)
    assert SPEC.sniff(data, "raivo-otp-export.zip") >= 0.9
    assert SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, "raivo-pw").drafts, aegis_range(1, 6))
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "raivo-pv")


def test_winzip_aes_tampering_is_detected() -> None:
    data = bytearray(_winzip_aes_zip(EXPORT, "pw"))
    data[data.find(b"PK\x01\x02") - 20] ^= 1  # a ciphertext byte, before the central directory
    with pytest.raises(ImportFormatError):
        SPEC.parse(bytes(data), "pw")


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


@FUZZ
@given(data=st.data())
def test_fuzz_aes_zip_bytes(data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_winzip_aes_zip(EXPORT, "pw"))), "pw")
