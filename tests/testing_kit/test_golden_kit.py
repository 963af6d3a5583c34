"""``check_golden`` passes a matching result, names each changed field, and writes the file on request."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tuiauth.core.accounts import AccountDraft
from tuiauth.core.specs.importers import ImportProblem, ImportResult
from tuiauth.testing import check_golden
from tuiauth.testing.golden import UPDATE_GOLDEN

ALICE = AccountDraft(issuer="GitHub", name="alice", secret=b"Hello!\xde\xad\xbe\xef")
BOB = AccountDraft(issuer="ACME", name="bob", secret=b"1234567890", type="hotp", digits=8, counter=7, groups=["Work"])
RESULT = ImportResult(drafts=[ALICE, BOB], problems=[ImportProblem("line 3", "bad base32")])


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "golden" / "export.json"
    monkeypatch.setenv(UPDATE_GOLDEN, "1")
    check_golden(RESULT, path)
    monkeypatch.delenv(UPDATE_GOLDEN)
    return path


def test_the_written_file_holds_every_field(golden: Path) -> None:
    text = golden.read_text()
    for shown in ('"secret": "JBSWY3DPEHPK3PXP"', '"counter": 7', '"groups": [', '"reason": "bad base32"'):
        assert shown in text
    assert '"note"' not in text, "fields that are not set are left out"
    check_golden(RESULT, golden)


@pytest.mark.parametrize(
    ("changed", "said"),
    [(replace(BOB, digits=6), "account 2 (ACME: bob): digits: expected 8, got 6"),
     (replace(BOB, secret=b"x"), "account 2 (ACME: bob): secret: expected 'GEZDGNBVGY3TQOJQ', got 'PA'"),
     (replace(BOB, note="hi"), "account 2 (ACME: bob): note: expected None, got 'hi'"),
     (replace(BOB, groups=[]), "account 2 (ACME: bob): groups: expected ['Work'], got None")],
)  # fmt: skip
def test_a_changed_field_fails_naming_the_entry_and_field(golden: Path, changed: AccountDraft, said: str) -> None:
    with pytest.raises(AssertionError) as caught:
        check_golden(replace(RESULT, drafts=[ALICE, changed]), golden)
    assert said in str(caught.value)
    assert f"{UPDATE_GOLDEN}=1 rewrites it" in str(caught.value)


def test_a_missing_account_and_a_changed_problem_are_named(golden: Path) -> None:
    with pytest.raises(AssertionError) as caught:
        check_golden(ImportResult(drafts=[ALICE], problems=[ImportProblem("line 3", "unknown algorithm")]), golden)
    said = str(caught.value)
    assert "accounts: expected 2, got 1" in said
    assert "account 2: missing {'issuer': 'ACME'" in said
    assert "problem 1 (line 3): reason: expected 'bad base32', got 'unknown algorithm'" in said


def test_no_golden_file_says_how_to_write_one(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match=f"run the test with {UPDATE_GOLDEN}=1 to write it"):
        check_golden(RESULT, tmp_path / "none.json")
