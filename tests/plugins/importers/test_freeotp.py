"""FreeOTP family: FreeOTP+ JSON, FreeOTP 1.x / FreeOTP+ tokens.xml, FreeOTP 2.x backups; fuzzing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import AccountError, ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import freeotp, freeotp2
from tuiauth.plugins.importers._freeotp import java_bytes
from tuiauth.plugins.importers._javaser import read_string_map

from .expected import aegis, aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

JSON_SPEC, XML_SPEC = freeotp.tuiauth_importers()
(BACKUP_SPEC,) = freeotp2.tuiauth_importers()

# FreeOTP 1.x / FreeOTP+ store the HOTP counter minus one (Issuu 0, Air Canada 49, WWE 10299); Aegis'
# test subtracts 1 from its vectors. tuiauth adds the 1 back on import (see _freeotp.py), so these
# files give the AEGIS-SET counters exactly.
PLAIN = {
    "freeotp_plus.json": (JSON_SPEC, aegis_range(1, 6)),
    "freeotp_plus_internal.xml": (XML_SPEC, aegis_range(1, 6)),
    "freeotp.xml": (XML_SPEC, aegis("A1", "A3", "A4", "A6")),
}
BACKUPS = {
    "freeotp_v2_api23.xml": aegis_range(1, 6),
    "freeotp_v2_api25.xml": aegis_range(1, 6),
    "freeotp_v2_api27.xml": aegis_range(1, 6),
    "freeotp_v2_api34.xml": aegis_range(1, 6),
    "freeotp_v2_null_algo.xml": aegis("A1"),
}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_plain_files(corpus_dir: Path, name: str) -> None:
    spec, expected = PLAIN[name]
    data = (corpus_dir / "files" / name).read_bytes()
    assert spec.sniff(data[:65536], name) >= 0.9
    assert BACKUP_SPEC.sniff(data[:65536], name) == 0
    result = spec.parse(data, None)
    assert_accounts(result.drafts, expected)
    assert result.problems == []


@pytest.mark.parametrize("name", sorted(BACKUPS))
def test_v2_backups(corpus_dir: Path, name: str) -> None:
    data = (corpus_dir / "files" / name).read_bytes()
    assert BACKUP_SPEC.sniff(data[:65536], name) >= 0.9 and BACKUP_SPEC.needs_password(data)
    assert XML_SPEC.sniff(data[:65536], name) == 0
    result = BACKUP_SPEC.parse(data, "test")
    assert_accounts(result.drafts, BACKUPS[name])
    assert result.problems == []


def test_v2_backup_passwords(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "freeotp_v2_null_algo.xml").read_bytes()
    with pytest.raises(ImportPasswordError, match="encrypted"):
        BACKUP_SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        BACKUP_SPEC.parse(data, "tset")


def test_the_serialised_map_is_read_exactly(corpus_dir: Path) -> None:
    entries = read_string_map((corpus_dir / "files" / "freeotp_v2_null_algo.xml").read_bytes())
    assert len(entries) == 3 and "masterKey" in entries
    token = json.loads(next(v for k, v in entries.items() if k.endswith("-token")))
    assert token == {"issuerExt": "Deno", "issuerInt": "Deno", "label": "Mason", "type": "TOTP"}
    with pytest.raises(ImportFormatError, match="not a HashMap"):
        read_string_map(b"\xac\xed\x00\x05sr\x00\x04java" + b"\x00" * 20)


def test_steam_heuristic_signed_bytes_and_problems() -> None:
    tokens = [
        {"issuerExt": "Steam", "label": "gabe", "secret": [-1, 0, 127, -128], "type": "TOTP", "digits": 5},
        {"issuerExt": "X", "label": "x", "secret": [1, 300], "type": "TOTP"},
        {"issuerExt": "Y", "label": "y", "secret": [1, 2], "type": "PUSH"},
    ]
    result = JSON_SPEC.parse(json.dumps({"tokenOrder": [], "tokens": tokens}).encode(), None)
    (steam,) = result.drafts
    assert (steam.type, steam.digits, steam.secret) == ("steam", 5, b"\xff\x00\x7f\x80")
    assert [p.entry for p in result.problems] == ["X (x)", "Y (y)"]
    with pytest.raises(AccountError):
        java_bytes([True])


def test_other_files_are_refused() -> None:
    with pytest.raises(ImportFormatError, match="tokenOrder"):
        XML_SPEC.parse(b'<map><string name="a">b</string></map>', None)
    with pytest.raises(ImportFormatError, match="AC ED"):
        BACKUP_SPEC.parse(b"<map/>", "test")
    with pytest.raises(ImportFormatError, match="tokens"):
        JSON_SPEC.parse(b"{}", None)


@FUZZ
@given(data=st.data())
def test_fuzz_json(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(JSON_SPEC, data.draw(json_mutated((corpus_dir / "files" / "freeotp_plus.json").read_bytes())), None)


@FUZZ
@given(data=st.data())
def test_fuzz_xml(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(XML_SPEC, data.draw(mutated((corpus_dir / "files" / "freeotp.xml").read_bytes())), None)


@FUZZ
@given(data=st.data())
def test_fuzz_backup(corpus_dir: Path, data: st.DataObject) -> None:
    seed = (corpus_dir / "files" / "freeotp_v2_null_algo.xml").read_bytes()
    check_contract(BACKUP_SPEC, data.draw(mutated(seed)), "test")
