"""otpauth URI list importer: the corpus list, line problems, sniffing, fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError
from tuiauth.plugins.importers import uri_list

from .expected import aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

SPEC = uri_list.tuiauth_importers()[0]


def test_plain_txt_gives_a1_to_a7(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "plain.txt").read_bytes()
    assert SPEC.sniff(data, "plain.txt") >= 0.9
    assert not SPEC.needs_password(data)
    result = SPEC.parse(data, None)
    assert_accounts(result.drafts, aegis_range(1, 7))
    assert result.problems == []


def test_bad_lines_are_problems_and_the_rest_imports(corpus_dir: Path) -> None:
    good = (corpus_dir / "files" / "plain.txt").read_text().splitlines()[0]
    text = "\n".join(
        [
            good,
            "",
            "otpauth://totp/Bad:secret?secret=Secret1One",
            "otpauth://totp/NoSecret:x?issuer=NoSecret",
            "otpauth://totp/Algo:x?secret=AAAA&algorithm=MD4",
            "just some words",
        ]
    )
    result = SPEC.parse(text.encode(), None)
    assert [d.issuer for d in result.drafts] == ["Deno"]
    assert [p.entry for p in result.problems] == [
        "line 3 (Bad:secret)",
        "line 4 (NoSecret:x)",
        "line 5 (Algo:x)",
        "line 6",
    ]
    assert "base32" in result.problems[0].reason
    assert "no secret" in result.problems[1].reason
    assert "algorithm" in result.problems[2].reason
    assert all("Secret1One" not in p.reason for p in result.problems)


def test_migration_lines_in_a_uri_list_are_decoded() -> None:
    text = (
        "otpauth://totp/A:b?secret=AAAAAAAA\n"
        "otpauth-migration://offline?data=CiQKCgcNEp61iE2P0RYSB2FjY291bnQaB3NlcnZpY2UgASgBMAIQARgBIAA\n"
    )
    result = SPEC.parse(text.encode(), None)
    assert [(d.issuer, d.name) for d in result.drafts] == [("A", "b"), ("service", "account")]


def test_text_without_uris_is_not_a_uri_list() -> None:
    assert SPEC.sniff(b"hello\nworld\n", "notes.txt") == 0
    with pytest.raises(ImportFormatError, match="no line is an otpauth"):
        SPEC.parse(b"hello\nworld\n", None)
    with pytest.raises(ImportFormatError, match="UTF-8"):
        SPEC.parse(b"\xff\xfe\x00o\x00t", None)


def test_oversized_files_are_refused_before_parsing() -> None:
    with pytest.raises(ImportFormatError, match="MiB"):
        SPEC.parse(b"otpauth://totp/a?secret=AAAA\n" * 700_000, None)


@FUZZ
@given(data=st.data())
def test_fuzz_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated((corpus_dir / "files" / "plain.txt").read_bytes())), None)


@FUZZ
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "otpauth://",
                "totp/",
                "hotp/",
                "?",
                "&",
                "=",
                ":",
                "%",
                "secret",
                "AA",
                "counter",
                "digits",
                "9" * 30,
                "period",
                "issuer",
                "\n",
                "é",
                "%ZZ",
            ]
        ),
        max_size=30,
    )
)
def test_fuzz_uri_fragments(lines: list[str]) -> None:
    check_contract(SPEC, "".join(lines).encode(), None)
