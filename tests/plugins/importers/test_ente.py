"""Ente Auth importer: the plain export, encrypted exports built with libsodium (PyNaCl), Ente's real
"sensitive" KDF profile, caps, and fuzzing."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import quote

import nacl.bindings as sodium
import nacl.pwhash
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import ente

from .expected import aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

TEXT_SPEC, ENCRYPTED_SPEC = ente.tuiauth_importers()
DATA = Path(__file__).parent / "data"


def encrypted_export(plain: bytes, password: str, *, ops: int = 2, mem: int = 8 << 20, final: bool = True) -> bytes:
    """What Ente writes: libsodium crypto_pwhash (Argon2id13) and one secretstream message."""
    salt = bytes(range(16))
    key = nacl.pwhash.argon2id.kdf(32, password.encode(), salt, opslimit=ops, memlimit=mem)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    tag = (
        sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        if final
        else sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
    )
    ciphertext = sodium.crypto_secretstream_xchacha20poly1305_push(state, plain, None, tag)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    doc = {
        "version": 1,
        "kdfParams": {"memLimit": mem, "opsLimit": ops, "salt": b64(salt)},
        "encryptedData": b64(ciphertext),
        "encryptionNonce": b64(header),
    }
    return json.dumps(doc).encode()


def test_plain_export(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "ente_auth.txt").read_bytes()
    assert TEXT_SPEC.sniff(data, "ente_auth.txt") >= 0.9 and not TEXT_SPEC.needs_password(data)
    result = TEXT_SPEC.parse(data, None)
    assert_accounts(result.drafts, aegis_range(1, 7))
    assert result.problems == []


def test_code_display_pins_tags_notes_and_trash() -> None:
    def line(name: str, display: dict[str, object]) -> str:
        return f"otpauth://totp/I:{name}?secret=AAAAAAAA&issuer=I&codeDisplay={quote(json.dumps(display))}"

    text = "\n".join(
        [
            line("pinned", {"pinned": True, "trashed": False, "tags": ["Work", " "], "note": "desk"}),
            line("gone", {"pinned": False, "trashed": True}),
            line("odd", {"tags": "not-a-list"}),
        ]
    )
    result = TEXT_SPEC.parse(text.encode(), None)
    pinned, odd = result.drafts
    assert (pinned.favourite, pinned.groups, pinned.note) == (True, ["Work"], "desk")
    assert (odd.favourite, odd.groups) == (False, [])
    assert [(p.entry, p.reason) for p in result.problems] == [("line 2 (I:gone)", "the entry is in Ente's trash")]


@pytest.mark.parametrize("final", [True, False], ids=["tag-final", "tag-message"])
def test_encrypted_export(corpus_dir: Path, final: bool) -> None:
    plain = (corpus_dir / "files" / "ente_auth.txt").read_bytes()
    data = encrypted_export(plain, "test", final=final)
    assert ENCRYPTED_SPEC.sniff(data, "ente-auth-codes-encrypted.json") >= 0.9
    assert ENCRYPTED_SPEC.needs_password(data)
    assert_accounts(ENCRYPTED_SPEC.parse(data, "test").drafts, aegis_range(1, 7))
    with pytest.raises(ImportPasswordError, match="encrypted"):
        ENCRYPTED_SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        ENCRYPTED_SPEC.parse(data, "tset")


def test_more_passes_with_less_memory_are_allowed() -> None:
    # Ente trades memory for passes on small phones (256 MiB x 16, 128 MiB x 32): passes over 10 pass.
    data = encrypted_export(b"otpauth://totp/A:b?secret=AAAAAAAA", "pw", ops=12, mem=1 << 20)
    assert [d.issuer for d in ENCRYPTED_SPEC.parse(data, "pw").drafts] == ["A"]


@pytest.mark.parametrize(
    ("mem", "ops", "match"),
    [(2 << 30, 1, "memory"), (128 << 20, 33, "1 GiB × 4"), (1 << 62, 4, "1 GiB × 4"), (8 << 20, 0, "iterations")],
)
def test_absurd_kdf_parameters_are_refused_before_deriving(mem: int, ops: int, match: str) -> None:
    doc = json.loads(encrypted_export(b"x", "pw"))
    doc["kdfParams"].update(memLimit=mem, opsLimit=ops)
    with pytest.raises(ImportFormatError, match=match):
        ENCRYPTED_SPEC.parse(json.dumps(doc).encode(), "pw")


@pytest.mark.slow
def test_entes_sensitive_profile_of_one_gib(corpus_dir: Path) -> None:
    """A file written with Ente's real parameters (1 GiB, 4 passes; ~7 s, 1 GiB of memory)."""
    data = (DATA / "ente_sensitive.json").read_bytes()
    assert json.loads(data)["kdfParams"]["memLimit"] == 1 << 30
    assert_accounts(ENCRYPTED_SPEC.parse(data, "correct horse").drafts, aegis_range(1, 7))


def test_other_files_are_refused() -> None:
    with pytest.raises(ImportFormatError, match="kdfParams"):
        ENCRYPTED_SPEC.parse(b'{"version": 1}', "pw")
    doc = json.loads(encrypted_export(b"x", "pw"))
    doc["encryptionNonce"] = base64.b64encode(b"short").decode()
    with pytest.raises(ImportFormatError, match="nonce"):
        ENCRYPTED_SPEC.parse(json.dumps(doc).encode(), "pw")


@FUZZ
@given(data=st.data())
def test_fuzz_plain(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(TEXT_SPEC, data.draw(mutated((corpus_dir / "files" / "ente_auth.txt").read_bytes())), None)


SEED = encrypted_export(b"otpauth://totp/A:b?secret=AAAAAAAA", "pw", ops=1, mem=1 << 20)


@FUZZ
@given(data=st.data())
def test_fuzz_encrypted_values(data: st.DataObject) -> None:
    # No password: a mutated but legitimate KDF setting (say 1 GiB) would be slow by design, not a hang.
    check_contract(ENCRYPTED_SPEC, data.draw(json_mutated(SEED)), None)


@FUZZ
@given(data=st.data())
def test_fuzz_encrypted_bytes(data: st.DataObject) -> None:
    check_contract(ENCRYPTED_SPEC, data.draw(mutated(SEED)), "pw")
