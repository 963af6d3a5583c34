"""Battle.net Authenticator preferences: the corpus file, and fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError
from tuiauth.plugins.importers import battlenet

from .expected import aegis, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

SPEC = battlenet.tuiauth_importers()[0]


def test_corpus_file_gives_a8(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "battle_net_authenticator.xml").read_bytes()
    assert SPEC.sniff(data, "x.xml") >= 0.9
    result = SPEC.parse(data, None)
    assert_accounts(result.drafts, aegis("A8"))
    assert result.problems == []


def test_other_preferences_are_refused() -> None:
    data = b'<map><string name="x">y</string></map>'
    assert SPEC.sniff(data, "x.xml") == 0
    with pytest.raises(ImportFormatError, match="no device secret"):
        SPEC.parse(data, None)


@FUZZ
@given(data=st.data())
def test_fuzz_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated((corpus_dir / "files" / "battle_net_authenticator.xml").read_bytes())), None)


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, None)
