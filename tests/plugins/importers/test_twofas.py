"""2FAS importer: schemas 1-4 plain and encrypted, groups, problems, fuzzing."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core import crypto
from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import twofas

from .expected import Expected, aegis, aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

SPEC = twofas.tuiauth_importers()[0]


def _schema2() -> list[Expected]:
    # Schema 2 has no tokenType: the HOTP accounts come out as TOTP (30 s), keeping algorithm and digits.
    return aegis("A1", "A3") + aegis("A4", "A6", type="totp", period=30)


GOLDEN = {
    # Schema 1 has no digits/period/algorithm: everything is TOTP SHA1, 6 digits, 30 s.
    "2fas_authenticator.json": (None, aegis_range(1, 6, type="totp", algorithm="SHA1", digits=6, period=30)),
    "2fas_authenticator_plain.2fas": (None, _schema2()),
    "2fas_authenticator_encrypted.2fas": ("test", _schema2()),
    "2fas_authenticator_plain_v3.2fas": (None, aegis_range(1, 6)),
    "2fas_authenticator_encrypted_v3.2fas": ("test", aegis_range(1, 6)),
    "2fas_authenticator_plain_v4.2fas": (None, aegis("A1", "A4", "A5", "A6", "A7")),
    "2fas_authenticator_encrypted_v4.2fas": ("test", aegis("A1", "A4", "A5", "A6", "A7")),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden(corpus_dir: Path, name: str) -> None:
    password, expected = GOLDEN[name]
    data = (corpus_dir / "files" / name).read_bytes()
    assert SPEC.sniff(data[:65536], name) >= 0.9
    assert SPEC.needs_password(data) is (password is not None)
    result = SPEC.parse(data, password)
    assert_accounts(result.drafts, expected)
    assert result.problems == []


@pytest.mark.parametrize("name", [n for n, (pw, _) in GOLDEN.items() if pw])
def test_missing_and_wrong_password(corpus_dir: Path, name: str) -> None:
    data = (corpus_dir / "files" / name).read_bytes()
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "wrong")


def _encrypted(services: list[dict[str, object]], password: str, **outer: object) -> bytes:
    salt = b"\x01" * 256
    key = crypto.pbkdf2(password.encode(), salt, 10_000, "sha256")
    nonce, ct = crypto.aes_gcm_encrypt(key, json.dumps(services).encode())
    ref_nonce, ref_ct = crypto.aes_gcm_encrypt(key, b"reference")
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    body = {
        "services": [],
        "schemaVersion": 4,
        "servicesEncrypted": f"{b64(ct)}:{b64(salt)}:{b64(nonce)}",
        "reference": f"{b64(ref_ct)}:{b64(salt)}:{b64(ref_nonce)}",
        **outer,
    }
    return json.dumps(body).encode()


def test_groups_null_values_and_entry_problems() -> None:
    services: list[dict[str, object]] = [
        {"name": "G", "secret": "AAAAAAAA", "groupId": "g1", "otp": {"account": "a", "algorithm": None}},
        {"name": "", "secret": "AAAAAAAA", "otp": {"issuer": "Fallback", "label": "only-account"}},
        {"name": "P", "secret": "AAAAAAAA", "otp": {"account": "p", "tokenType": "PUSH"}},
        {"name": "B", "secret": "1111", "otp": {"account": "b"}},
    ]
    data = _encrypted(services, "pw", groups=[{"id": "g1", "name": "Work"}])
    result = SPEC.parse(data, "pw")
    first, second = result.drafts
    assert (first.issuer, first.name, first.algorithm, first.groups) == ("G", "a", "SHA1", ["Work"])
    assert (second.issuer, second.name) == ("Fallback", "only-account")
    assert [p.entry for p in result.problems] == ["P (p)", "B (b)"]
    assert "token type" in result.problems[0].reason


def test_unknown_schema_and_other_json_are_refused() -> None:
    with pytest.raises(ImportFormatError, match="schema version 5"):
        SPEC.parse(b'{"services": [], "schemaVersion": 5}', None)
    with pytest.raises(ImportFormatError, match="not a 2FAS backup"):
        SPEC.parse(b'{"entries": []}', None)
    with pytest.raises(ImportFormatError, match="malformed"):
        SPEC.parse(b'{"services": [], "schemaVersion": 4, "servicesEncrypted": "abc"}', "pw")


@FUZZ
@given(data=st.data())
def test_fuzz_plain_values(corpus_dir: Path, data: st.DataObject) -> None:
    seed = (corpus_dir / "files" / "2fas_authenticator_plain_v4.2fas").read_bytes()
    check_contract(SPEC, data.draw(json_mutated(seed)), None)


@FUZZ
@given(data=st.data())
def test_fuzz_encrypted(corpus_dir: Path, data: st.DataObject) -> None:
    seed = (corpus_dir / "files" / "2fas_authenticator_encrypted_v3.2fas").read_bytes()
    check_contract(SPEC, data.draw(json_mutated(seed) | mutated(seed)), "test")
