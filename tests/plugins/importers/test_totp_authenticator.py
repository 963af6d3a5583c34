"""TOTP Authenticator: the encrypted backup and the internal preferences, and fuzzing."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportPasswordError
from tuiauth.plugins.importers import totp_authenticator

from .expected import AEGIS_SET, Expected, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

BACKUP, PREFS = totp_authenticator.tuiauth_importers()


def _expected() -> list[Expected]:
    """A1–A3 as the app keeps them: names lower-cased and SHA1 (the app has no algorithm field).

    Aegis' test also forces 6 digits / 30 s; tuiauth keeps the digits and period the file stores
    (7/20 and 8/50, which are the accounts' real values).
    """
    return [
        Expected(e.issuer, e.name.lower(), e.secret, "totp", "SHA1", e.digits, e.period)
        for e in (AEGIS_SET["A1"], AEGIS_SET["A2"], AEGIS_SET["A3"])
    ]


def _backup(rows: list[dict[str, object]], password: str) -> bytes:
    plain = json.dumps({json.dumps(rows): "1608374963"}).encode()
    padder = padding.PKCS7(128).padder()
    key = hashlib.sha256(password.encode()).digest()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()
    return base64.b64encode(encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize())


def test_backup_with_password(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "totp_authenticator.bin").read_bytes()
    assert BACKUP.sniff(data, "totp_authenticator.bin") >= 0.5
    assert BACKUP.needs_password(data)
    result = BACKUP.parse(data, "Testtest1")
    assert_accounts(result.drafts, _expected())
    with pytest.raises(ImportPasswordError, match="wrong"):
        BACKUP.parse(data, "Testtest2")


def test_backup_with_the_default_password_needs_none() -> None:
    rows = [{"issuer": "I", "name": "n", "key": "MFRGGZDFMZTWQ2LK", "base": 32, "digits": "", "period": ""}]
    data = _backup(rows, "TotpAuthenticator")
    assert not BACKUP.needs_password(data)
    (draft,) = BACKUP.parse(data, None).drafts
    assert (draft.issuer, draft.digits, draft.period, draft.secret) == ("I", 6, 30, b"abcdefghij")


def test_internal_preferences(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "totp_authenticator_internal.xml").read_bytes()
    assert PREFS.sniff(data, "x.xml") >= 0.9
    assert_accounts(PREFS.parse(data, None).drafts, _expected())


def test_unknown_base_is_a_problem() -> None:
    result = BACKUP.parse(_backup([{"issuer": "I", "name": "n", "key": "00", "base": 7}], "p"), "p")
    assert result.drafts == [] and "base" in result.problems[0].reason


@FUZZ
@given(data=st.data())
def test_fuzz_backup_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(
        BACKUP, data.draw(mutated((corpus_dir / "files" / "totp_authenticator.bin").read_bytes())), "Testtest1"
    )


@FUZZ
@given(data=st.data())
def test_fuzz_prefs_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    seed = (corpus_dir / "files" / "totp_authenticator_internal.xml").read_bytes()
    check_contract(PREFS, data.draw(mutated(seed)), None)


@FUZZ
@given(
    rows=st.lists(
        st.dictionaries(
            st.sampled_from(["issuer", "name", "key", "base", "digits", "period"]),
            st.one_of(st.text(max_size=20), st.integers(), st.none()),
            max_size=6,
        ),
        max_size=3,
    )
)
def test_fuzz_backup_entries(rows: list[dict[str, object]]) -> None:
    check_contract(BACKUP, _backup(rows, "p"), "p")


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(BACKUP, data, "Testtest1")
    check_contract(PREFS, data, None)
