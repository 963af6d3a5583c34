"""andOTP importer: plain, encrypted, old encrypted, and fuzzing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core import crypto
from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import andotp

from .expected import aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

SPEC = andotp.tuiauth_importers()[0]


def _read(corpus_dir: Path, name: str) -> bytes:
    return (corpus_dir / "files" / name).read_bytes()


def test_plain_gives_a1_to_a7_with_padded_secrets(corpus_dir: Path) -> None:
    data = _read(corpus_dir, "andotp_plain.json")
    assert SPEC.sniff(data, "otp_accounts.json") >= 0.9 and not SPEC.needs_password(data)
    result = SPEC.parse(data, None)
    assert_accounts(result.drafts, aegis_range(1, 7))
    assert result.problems == []


def test_encrypted_gives_a1_to_a7(corpus_dir: Path) -> None:
    data = _read(corpus_dir, "andotp_encrypted.bin")
    assert SPEC.needs_password(data)
    assert SPEC.sniff(data[:65536], "andotp_encrypted.bin") >= 0.4
    assert_accounts(SPEC.parse(data, "test").drafts, aegis_range(1, 7))


def test_old_encrypted_gives_a1_to_a6(corpus_dir: Path) -> None:
    # The file labels entries "Deno - Deno:Mason" and has no issuer field. Aegis' test expects the
    # name "Deno:Mason"; tuiauth drops the repeated issuer prefix, giving the AEGIS-SET names.
    data = _read(corpus_dir, "andotp_encrypted_old.bin")
    assert SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, "test").drafts, aegis_range(1, 6))


@pytest.mark.parametrize("name", ["andotp_encrypted.bin", "andotp_encrypted_old.bin"])
def test_missing_and_wrong_passwords(corpus_dir: Path, name: str) -> None:
    data = _read(corpus_dir, name)
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "nope")


def _encrypt_new(plain: bytes, password: str, iterations: int) -> bytes:
    salt = b"s" * 12
    key = crypto.pbkdf2(password.encode(), salt, iterations, "sha1")
    nonce, ciphertext = crypto.aes_gcm_encrypt(key, plain)
    return iterations.to_bytes(4, "big") + salt + nonce + ciphertext


def test_legacy_labels_tags_and_entry_problems() -> None:
    entries = [
        {"secret": "AAAAAAAA", "label": "GitHub - octo", "type": "TOTP", "tags": ["work"], "digits": 6},
        {"secret": "e3152afee62599c8", "issuer": "M", "label": "m", "type": "MOTP", "pin": "1234"},
        {"secret": "AAAAAAAA", "issuer": "X", "label": "x", "type": "PUSH"},
        {"secret": "not base32!", "issuer": "Y", "label": "y", "type": "TOTP"},
        "junk",
    ]
    data = _encrypt_new(json.dumps(entries).encode(), "pw", 1000)
    result = SPEC.parse(data, "pw")
    first, motp = result.drafts
    assert (first.issuer, first.name, first.groups) == ("GitHub", "octo", ["work"])
    assert (motp.type, motp.algorithm, motp.period, motp.extra) == ("motp", "MD5", 10, {"pin": "1234"})
    assert motp.secret == bytes.fromhex("e3152afee62599c8")  # andOTP keeps mOTP secrets as hex text
    assert [p.entry for p in result.problems] == ["X (x)", "Y (y)", "entry 5"]


def test_implausible_iteration_counts_are_not_derived() -> None:
    data = _encrypt_new(b"[]", "pw", 1000)
    hostile = (2**31).to_bytes(4, "big") + data[4:]
    with pytest.raises(ImportPasswordError, match="not an andOTP backup"):
        SPEC.parse(hostile, "pw")


def test_decrypted_non_list_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="not an account list"):
        SPEC.parse(_encrypt_new(b'{"a": 1}', "pw", 1000), "pw")


@FUZZ
@given(data=st.data())
def test_fuzz_plain_values(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated(_read(corpus_dir, "andotp_plain.json"))), None)


@FUZZ
@given(data=st.data())
def test_fuzz_encrypted_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_read(corpus_dir, "andotp_encrypted_old.bin"))), "test")


@FUZZ
@given(data=st.binary(max_size=600))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, "test")
