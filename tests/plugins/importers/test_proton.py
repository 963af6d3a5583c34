"""Proton Authenticator importer: the corpus export, encrypted exports built with libsodium, fuzzing."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import nacl.pwhash
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import proton

from .expected import aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

(SPEC,) = proton.tuiauth_importers()


def encrypted_export(plain: bytes, password: str) -> bytes:
    salt = os.urandom(16)
    key = nacl.pwhash.argon2id.kdf(32, password.encode(), salt, opslimit=2, memlimit=19 * 1024 * 1024)
    nonce = os.urandom(12)
    content = nonce + AESGCM(key).encrypt(nonce, plain, b"proton.authenticator.export.v1")
    doc = {"version": 1, "salt": base64.b64encode(salt).decode(), "content": base64.b64encode(content).decode()}
    return json.dumps(doc).encode()


def test_plain_export(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "proton_authenticator.json").read_bytes()
    assert SPEC.sniff(data, "proton_authenticator.json") >= 0.9 and not SPEC.needs_password(data)
    result = SPEC.parse(data, None)
    assert_accounts(result.drafts, aegis_range(1, 3))
    assert result.problems == []


def test_encrypted_export(corpus_dir: Path) -> None:
    data = encrypted_export((corpus_dir / "files" / "proton_authenticator.json").read_bytes(), "1231246")
    assert SPEC.sniff(data, "x.json") >= 0.7 and SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, "1231246").drafts, aegis_range(1, 3))
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "1231247")


def test_steam_entries_names_notes_and_problems() -> None:
    entries = [
        {"content": {"uri": "steam://steamsteamsteamsteam", "entry_type": "Steam", "name": "gabe"}, "note": "n"},
        {"content": {"uri": "otpauth://totp/:cool%40ente.com?secret=AAAAAAAA&issuer=/e/", "name": ""}},
        {"content": {"uri": "otpauth://totp/x?secret=1", "entry_type": "Totp", "name": "broken"}},
        {"content": None},
    ]
    result = SPEC.parse(json.dumps({"version": 1, "entries": entries}).encode(), None)
    steam, ente = result.drafts
    assert (steam.type, steam.issuer, steam.name, steam.digits, steam.note) == ("steam", "Steam", "gabe", 5, "n")
    assert (ente.issuer, ente.name) == ("/e/", "cool@ente.com")
    assert [p.entry for p in result.problems] == ["broken", "entry 4"]


def test_other_json_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="not a Proton"):
        SPEC.parse(b'{"version": 2, "entries": []}', None)


@FUZZ
@given(data=st.data())
def test_fuzz_plain(corpus_dir: Path, data: st.DataObject) -> None:
    seed = (corpus_dir / "files" / "proton_authenticator.json").read_bytes()
    check_contract(SPEC, data.draw(json_mutated(seed) | mutated(seed)), None)


SEED = encrypted_export(b'{"version": 1, "entries": []}', "pw")


@FUZZ
@given(data=st.data())
def test_fuzz_encrypted(data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated(SEED) | mutated(SEED)), "pw")
