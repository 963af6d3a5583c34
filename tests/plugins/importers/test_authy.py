"""Authy's Android preferences: plain and encrypted corpus files, Authy's own tokens, fuzzing."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import authy

from .expected import aegis, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

SPEC = authy.tuiauth_importers()[0]
# Authy has no algorithm or period fields: every account is SHA1 / 30 s, digits from the file.
EXPECTED = aegis("A1", "A2", "A3", algorithm="SHA1", period=30)


def _read(corpus_dir: Path, name: str) -> bytes:
    return (corpus_dir / "files" / name).read_bytes()


def _prefs(key: str, rows: list[dict[str, object]]) -> bytes:
    value = html.escape(json.dumps(rows))
    return f'<?xml version="1.0"?>\n<map>\n<string name="{key}">{value}</string>\n</map>\n'.encode()


def test_plain_file(corpus_dir: Path) -> None:
    data = _read(corpus_dir, "authy_plain.xml")
    assert SPEC.sniff(data, "x.xml") >= 0.9 and not SPEC.needs_password(data)
    result = SPEC.parse(data, None)
    assert_accounts(result.drafts, EXPECTED)
    assert result.problems == []


def test_encrypted_file(corpus_dir: Path) -> None:
    data = _read(corpus_dir, "authy_encrypted.xml")
    assert SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, "testtest").drafts, EXPECTED)
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "testtesu")


def test_authy_own_tokens_and_bad_entries() -> None:
    rows = [{"name": "Twilio", "secretSeed": "3132333435363738393031323334353637383930", "digits": 7}]
    data = _prefs(authy.AUTHY_KEY, rows)
    (draft,) = SPEC.parse(data, None).drafts
    assert (draft.issuer, draft.name, draft.period, draft.digits) == ("Twilio", "", 10, 7)
    assert draft.secret == b"12345678901234567890"
    bad = _prefs(authy.AUTHENTICATOR_KEY, [{"originalName": "A:b", "decryptedSecret": "Secret1One"}])
    result = SPEC.parse(bad, None)
    assert result.drafts == [] and result.problems[0].entry == "A (b)"


def test_document_types_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE map [<!ENTITY a "aaaa">]><map><string name="x">&a;</string></map>'
    with pytest.raises(ImportFormatError, match="document type"):
        SPEC.parse(bomb, None)


@FUZZ
@given(data=st.data())
def test_fuzz_encrypted_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_read(corpus_dir, "authy_encrypted.xml"))), "testtest")


@FUZZ
@given(data=st.data())
def test_fuzz_plain_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_read(corpus_dir, "authy_plain.xml"))), None)


@FUZZ
@given(
    rows=st.lists(
        st.dictionaries(
            st.sampled_from(["originalName", "decryptedSecret", "encryptedSecret", "salt", "digits", "name"]),
            st.one_of(st.text(max_size=30), st.integers(), st.none()),
            max_size=5,
        ),
        max_size=3,
    )
)
def test_fuzz_entries(rows: list[dict[str, object]]) -> None:
    check_contract(SPEC, _prefs(authy.AUTHENTICATOR_KEY, rows), "pw")


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, None)


def test_too_many_encrypted_entries_are_refused_before_deriving() -> None:
    rows = [{"encryptedSecret": "AAAA", "salt": f"s{i}"} for i in range(authy.MAX_ENCRYPTED_ENTRIES + 1)]
    with pytest.raises(ImportFormatError, match="more than"):
        SPEC.parse(_prefs(authy.AUTHENTICATOR_KEY, rows), "pw")
