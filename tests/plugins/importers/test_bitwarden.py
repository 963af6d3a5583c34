"""Bitwarden importer: JSON and CSV golden tests, password-protected exports (PBKDF2 and Argon2id)
built here with an independent implementation, and fuzzing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import bitwarden

from .expected import AEGIS_SET, Expected, aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

JSON_SPEC, CSV_SPEC = bitwarden.tuiauth_importers()


def _steam(issuer: str) -> Expected:
    # "steam://SECRET" carries no names: the item's name becomes the issuer (Aegis' test only checks
    # that the secret arrives; tuiauth's expectation is the full Steam account).
    a7 = AEGIS_SET["A7"]
    return Expected(issuer, "", a7.secret, "steam", "SHA1", 5, period=30)


def test_json_export(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "bitwarden.json").read_bytes()
    assert JSON_SPEC.sniff(data, "bitwarden.json") >= 0.9 and CSV_SPEC.sniff(data, "bitwarden.json") == 0
    assert not JSON_SPEC.needs_password(data)
    result = JSON_SPEC.parse(data, None)
    assert_accounts(result.drafts, [*aegis_range(1, 3), _steam("Test Steam")])
    assert result.problems == []


def test_csv_export(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "bitwarden.csv").read_bytes()
    assert CSV_SPEC.sniff(data, "bitwarden.csv") >= 0.9 and JSON_SPEC.sniff(data, "bitwarden.csv") == 0
    result = CSV_SPEC.parse(data, None)
    assert_accounts(result.drafts, [*aegis_range(1, 3), _steam("Test 4")])
    assert result.problems == []


def _expand(key: bytes, info: bytes) -> bytes:
    return hmac.new(key, info + b"\x01", hashlib.sha256).digest()


def _encstring(plain: bytes, enc_key: bytes, mac_key: bytes) -> str:
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    encryptor = Cipher(algorithms.AES(enc_key), modes.CBC(iv)).encryptor()
    ct = encryptor.update(padded) + encryptor.finalize()
    mac = hmac.new(mac_key, iv + ct, hashlib.sha256).digest()
    return "2." + "|".join(base64.b64encode(x).decode() for x in (iv, ct, mac))


def protected_export(inner: dict[str, Any], password: str, kdf_type: int) -> bytes:
    salt = "c2FsdHlzYWx0c2FsdHk="  # used as text, not base64-decoded (the Bitwarden trap)
    outer: dict[str, Any] = {"encrypted": True, "passwordProtected": True, "salt": salt, "kdfType": kdf_type}
    if kdf_type == 0:
        outer.update(kdfIterations=5000, kdfMemory=None, kdfParallelism=None)
        key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 5000, 32)
    else:
        outer.update(kdfIterations=2, kdfMemory=2, kdfParallelism=2)
        key = Argon2id(
            salt=hashlib.sha256(salt.encode()).digest(), length=32, iterations=2, lanes=2, memory_cost=2048
        ).derive(password.encode())
    enc_key, mac_key = _expand(key, b"enc"), _expand(key, b"mac")
    outer["encKeyValidation_DO_NOT_EDIT"] = _encstring(b"0b0d7a9e-uuid", enc_key, mac_key)
    outer["data"] = _encstring(json.dumps(inner).encode(), enc_key, mac_key)
    return json.dumps(outer).encode()


@pytest.mark.parametrize("kdf_type", [0, 1])
def test_password_protected_exports(corpus_dir: Path, kdf_type: int) -> None:
    inner = json.loads((corpus_dir / "files" / "bitwarden.json").read_bytes())
    data = protected_export(inner, "hunter2", kdf_type)
    assert JSON_SPEC.needs_password(data)
    assert_accounts(JSON_SPEC.parse(data, "hunter2").drafts, [*aegis_range(1, 3), _steam("Test Steam")])
    with pytest.raises(ImportPasswordError, match="encrypted"):
        JSON_SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        JSON_SPEC.parse(data, "hunter3")


def test_absurd_kdf_parameters_are_refused() -> None:
    data = json.loads(protected_export({"encrypted": False, "items": []}, "pw", 1))
    data["kdfMemory"] = 1 << 20  # 1 TiB
    with pytest.raises(ImportFormatError, match="memory"):
        JSON_SPEC.parse(json.dumps(data).encode(), "pw")
    data.update(kdfType=0, kdfIterations=10**9)
    with pytest.raises(ImportFormatError, match="iterations"):
        JSON_SPEC.parse(json.dumps(data).encode(), "pw")


def test_account_restricted_export_is_refused_clearly() -> None:
    data = b'{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.a|b|c", "data": "2.a|b|c"}'
    assert JSON_SPEC.needs_password(data)
    with pytest.raises(ImportFormatError, match="account key"):
        JSON_SPEC.parse(data, "pw")


def test_bare_secrets_usernames_and_problems() -> None:
    items = [
        {
            "type": 1,
            "name": "GitHub",
            "folderId": "f1",
            "favorite": True,
            "login": {"username": "octo", "totp": "JBSWY3DPEHPK3PXP"},
        },
        {"type": 1, "name": "No TOTP", "login": {"username": "x", "totp": None}},
        {"type": 2, "name": "A note"},
        {"type": 1, "name": "Broken", "login": {"username": "b", "totp": "otpauth://totp/x?secret=1!"}},
    ]
    # No "encrypted" key: the Bitwarden Authenticator app's export shape.
    document = {"folders": [{"id": "f1", "name": "Dev"}], "items": items}
    assert JSON_SPEC.sniff(json.dumps(document).encode(), "export.json") >= 0.8
    result = JSON_SPEC.parse(json.dumps(document).encode(), None)
    (draft,) = result.drafts
    assert (draft.issuer, draft.name, draft.type, draft.digits) == ("GitHub", "octo", "totp", 6)
    assert (draft.groups, draft.favourite) == (["Dev"], True)
    assert [p.entry for p in result.problems] == ["Broken (b)"]


def test_csv_without_totp_column_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="login_totp"):
        CSV_SPEC.parse(b"name,url\nx,y\n", None)


@FUZZ
@given(data=st.data())
def test_fuzz_json(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(JSON_SPEC, data.draw(json_mutated((corpus_dir / "files" / "bitwarden.json").read_bytes())), "pw")


@FUZZ
@given(data=st.data())
def test_fuzz_protected(data: st.DataObject) -> None:
    seed = protected_export({"encrypted": False, "items": []}, "pw", 0)
    check_contract(JSON_SPEC, data.draw(json_mutated(seed) | mutated(seed)), "pw")


@FUZZ
@given(data=st.data())
def test_fuzz_csv(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(CSV_SPEC, data.draw(mutated((corpus_dir / "files" / "bitwarden.csv").read_bytes())), None)
