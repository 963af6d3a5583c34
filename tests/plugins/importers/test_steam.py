"""Steam app files and single maFiles: golden tests over the corpus, and fuzzing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError
from tuiauth.plugins.importers import steam

from .expected import aegis, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

SPEC = steam.tuiauth_importers()[0]


@pytest.mark.parametrize("name", ["steam.json", "steam_old.json"])
def test_steam_app_files_give_sophia(corpus_dir: Path, name: str) -> None:
    data = (corpus_dir / "files" / name).read_bytes()
    assert SPEC.sniff(data, name) >= 0.8
    result = SPEC.parse(data, None)
    # The shared_secret is A7's key; the uri field (ignored) would say the same here.
    assert_accounts(result.drafts, aegis("A7", issuer="Steam"))
    assert result.problems == []


def test_the_uri_field_is_not_trusted(corpus_dir: Path) -> None:
    obj = json.loads((corpus_dir / "files" / "steam_old.json").read_bytes())
    obj["uri"] = "otpauth://totp/Steam:Sophia?secret=ASDF&issuer=Steam"
    assert_accounts(SPEC.parse(json.dumps(obj).encode(), None).drafts, aegis("A7", issuer="Steam"))


def test_a_mafile_with_session_imports_and_bad_entries_are_problems() -> None:
    good = {"shared_secret": "THIl8+Jl6ugxr8x0X6eRMg==", "account_name": "Sophia", "Session": {"SteamID": 1}}
    data = json.dumps({"accounts": {"a": good, "b": {"account_name": "x", "shared_secret": "!!"}}}).encode()
    result = SPEC.parse(data, None)
    assert_accounts(result.drafts, aegis("A7", issuer="Steam"))
    assert [p.entry for p in result.problems] == ["Steam (x)"]
    assert "base64" in result.problems[0].reason


def test_other_json_is_refused() -> None:
    assert SPEC.sniff(b'{"entries": []}', "x.json") == 0
    with pytest.raises(ImportFormatError, match="no shared_secret"):
        SPEC.parse(b'{"entries": []}', None)


@FUZZ
@given(data=st.data())
def test_fuzz_values(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated((corpus_dir / "files" / "steam.json").read_bytes())), None)


@FUZZ
@given(data=st.data())
def test_fuzz_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated((corpus_dir / "files" / "steam_old.json").read_bytes())), None)


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, None)
