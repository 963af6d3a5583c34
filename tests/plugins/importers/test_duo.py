"""Duo Mobile's accounts.json: the corpus file, push accounts, and fuzzing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tuiauth.plugins.importers import duo

from .expected import aegis, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

SPEC = duo.tuiauth_importers()[0]


def test_corpus_file(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "duo.json").read_bytes()
    assert SPEC.sniff(data, "accounts.json") >= 0.9
    result = SPEC.parse(data, None)
    # Duo stores no issuer. The file's HOTP counter is 3: tuiauth keeps it (Aegis' test overrides
    # the counter to 1 on both sides), so the expectation says 3.
    expected = [*aegis("A1", issuer=""), *aegis("A4", issuer="", counter=3)]
    assert_accounts(result.drafts, expected)
    assert result.problems == []


def test_push_accounts_are_reported() -> None:
    result = SPEC.parse(b'[{"name": "Work", "accountType": "DuoAccount"}]', None)
    assert result.drafts == [] and result.problems[0].entry == "Work"
    assert "push" in result.problems[0].reason


@FUZZ
@given(data=st.data())
def test_fuzz_values(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated((corpus_dir / "files" / "duo.json").read_bytes())), None)


@FUZZ
@given(data=st.data())
def test_fuzz_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated((corpus_dir / "files" / "duo.json").read_bytes())), None)


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, None)
