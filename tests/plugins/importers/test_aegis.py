"""Aegis importer: golden tests over the corpus, slots and versions, and fuzzing."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import aegis

from .expected import aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

SPEC = aegis.tuiauth_importers()[0]


def _read(corpus_dir: Path, name: str) -> bytes:
    return (corpus_dir / "files" / name).read_bytes()


@pytest.mark.parametrize("name", ["aegis_plain.json", "vault_aegis_plain_grouped_v2.json"])
def test_plain_vaults_give_the_aegis_set(corpus_dir: Path, name: str) -> None:
    data = _read(corpus_dir, name)
    assert SPEC.sniff(data, name) >= 0.9
    assert not SPEC.needs_password(data)
    result = SPEC.parse(data, None)
    assert_accounts(result.drafts, aegis_range(1, 7))
    assert result.problems == []


def test_encrypted_vault_decrypts_with_its_password(corpus_dir: Path) -> None:
    data = _read(corpus_dir, "aegis_encrypted.json")
    assert SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, "test").drafts, aegis_range(1, 7))


def test_encrypted_vault_reports_missing_and_wrong_password(corpus_dir: Path) -> None:
    data = _read(corpus_dir, "aegis_encrypted.json")
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "not the password")


def test_v2_groups_become_group_names(corpus_dir: Path) -> None:
    drafts = SPEC.parse(_read(corpus_dir, "vault_aegis_plain_grouped_v2.json"), None).drafts
    groups = {d.issuer: d.groups for d in drafts}
    assert groups["Deno"] == ["group1"] and groups["Airbnb"] == ["group1"]
    assert groups["Issuu"] == ["group2"]
    assert sum(1 for g in groups.values() if not g) == 4


def _vault(entries: list[dict[str, object]], **db: object) -> bytes:
    body = {"version": 3, "entries": entries, **db}
    return json.dumps({"version": 1, "header": {"slots": None, "params": None}, "db": body}).encode()


def test_v3_groups_motp_pin_and_per_entry_problems() -> None:
    entries: list[dict[str, object]] = [
        {
            "type": "motp",
            "name": "m",
            "issuer": "I",
            "groups": ["g-1"],
            "favorite": True,
            "info": {"secret": "MFRGGZDFMZTWQ2LK", "algo": "MD5", "digits": 6, "period": 10, "pin": "1234"},
        },
        {"type": "totp", "name": "bad", "issuer": "X", "info": {"secret": "Secret1One", "digits": 6}},
        {"type": "nope", "name": "odd", "issuer": "Y", "info": {"secret": "AAAA"}},
    ]
    result = SPEC.parse(_vault(entries, groups=[{"uuid": "g-1", "name": "Work"}]), None)
    (draft,) = result.drafts
    assert (draft.type, draft.algorithm, draft.period, draft.groups) == ("motp", "MD5", 10, ["Work"])
    assert draft.extra == {"pin": "1234"} and draft.favourite
    assert [p.entry for p in result.problems] == ["X (bad)", "Y (odd)"]
    assert "base32" in result.problems[0].reason
    assert "unsupported Aegis entry type" in result.problems[1].reason


def test_a_vault_without_password_slots_is_refused(corpus_dir: Path) -> None:
    outer = json.loads(_read(corpus_dir, "aegis_encrypted.json"))
    outer["header"]["slots"][0]["type"] = 2
    with pytest.raises(ImportFormatError, match="no password slot"):
        SPEC.parse(json.dumps(outer).encode(), "test")


def test_absurd_scrypt_parameters_are_refused_before_deriving(corpus_dir: Path) -> None:
    outer = json.loads(_read(corpus_dir, "aegis_encrypted.json"))
    outer["header"]["slots"][0]["n"] = 2**30
    with pytest.raises(ImportFormatError, match="scrypt"):
        SPEC.parse(json.dumps(outer).encode(), "test")


def test_too_many_password_slots_are_refused(corpus_dir: Path) -> None:
    outer = json.loads(_read(corpus_dir, "aegis_encrypted.json"))
    outer["header"]["slots"] *= 9
    with pytest.raises(ImportFormatError, match="9 password slots"):
        SPEC.parse(json.dumps(outer).encode(), "test")


def test_control_characters_never_reach_names_or_problem_reports() -> None:
    entries: list[dict[str, object]] = [
        {
            "type": "totp",
            "name": "a\x1b[2Jb",
            "issuer": "I\x07",
            "note": "line 1\nline 2\x1b]0;x\x07",
            "group": "g\x1b",
            "info": {"secret": "AAAAAAAA"},
        },
        {"type": "totp", "name": "\x1b[31mred", "issuer": "", "info": {"secret": "1"}},
    ]
    result = SPEC.parse(_vault(entries), None)
    (draft,) = result.drafts
    assert (draft.issuer, draft.name, draft.groups) == ("I", "a[2Jb", ["g"])
    assert draft.note == "line 1\nline 2]0;x"
    assert result.problems[0].entry == "[31mred"


def test_other_json_is_not_aegis() -> None:
    assert SPEC.sniff(b'{"tokens": []}', "x.json") == 0
    with pytest.raises(ImportFormatError, match="not an Aegis vault"):
        SPEC.parse(b'{"tokens": []}', None)
    with pytest.raises(ImportFormatError, match="not valid JSON"):
        SPEC.parse(base64.b64encode(b"\x00" * 40), None)


@FUZZ
@given(data=st.data())
def test_fuzz_plain_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_read(corpus_dir, "aegis_plain.json"))), None)


@FUZZ
@given(data=st.data())
def test_fuzz_plain_values(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated(_read(corpus_dir, "vault_aegis_plain_grouped_v2.json"))), None)


@FUZZ
@given(data=st.data())
def test_fuzz_encrypted_values(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated(_read(corpus_dir, "aegis_encrypted.json"))), "test")


@FUZZ
@given(data=st.binary(max_size=2048))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, "test")
