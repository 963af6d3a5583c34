"""The sealed file format: round trips, slots, the authenticated header and each reading check."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable

import pytest

from tuiauth.core import crypto, sealed
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.errors import (
    CorruptFileError,
    TamperedFileError,
    UnsafeParametersError,
    WrongPasswordError,
)

PASSWORD = "correct horse battery staple"
OFFSET = len(sealed.MAGIC) + 32


def reseal(data: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    """Edit the header bytes and recompute the length and outer checksum (an informed attacker)."""
    size = int.from_bytes(data[OFFSET : OFFSET + 4], "big")
    header = edit(data[OFFSET + 4 : OFFSET + 4 + size])
    rest = len(header).to_bytes(4, "big") + header + data[OFFSET + 4 + size :]
    return sealed.MAGIC + hashlib.sha256(rest).digest() + rest


class Sample:
    def __init__(self, kind: str = "vault") -> None:
        self.mk = crypto.random_bytes(32)
        self.vault_id = crypto.random_bytes(16).hex()
        self.recovery = crypto.new_recovery_key()
        self.device_key = crypto.random_bytes(32)
        self.slots = (
            sealed.new_password_slot(self.mk, self.vault_id, PASSWORD, TEST_KDF),
            sealed.new_recovery_slot(self.mk, self.vault_id, self.recovery),
            sealed.new_device_slot(self.mk, self.vault_id, self.device_key, "laptop"),
        )
        self.body = b'{"accounts": ["secret-canary-JBSWY3DP"]}'
        self.data = self.seal(kind=kind)

    def seal(self, **overrides: object) -> bytes:
        params: dict[str, object] = {
            "vault_id": self.vault_id,
            "generation": 7,
            "parent": "ab" * 32,
            "slots": self.slots,
            "device_name": "laptop",
        }
        params.update(overrides)
        return sealed.seal(self.mk, self.body, **params)  # type: ignore[arg-type]


@pytest.fixture
def sample() -> Sample:
    return Sample()


def test_round_trip_with_every_slot_type(sample: Sample) -> None:
    header = sealed.read_header(sample.data)
    assert (header.kind, header.vault_id, header.generation, header.parent, header.device) == (
        "vault", sample.vault_id, 7, "ab" * 32, "laptop",
    )  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", header.time)
    assert [s.type for s in header.slots] == ["password", "recovery", "device"]
    assert header.slots[0].kdf == TEST_KDF
    for mk in (
        sealed.unlock_password(header, PASSWORD),
        sealed.unlock_recovery(header, crypto.format_recovery_key(sample.recovery)),
        sealed.unlock_device(header, sample.device_key),
    ):
        assert mk == sample.mk
        assert sealed.open_body(sample.data, header, mk) == sample.body


def test_header_is_canonical_json_and_holds_no_plaintext(sample: Sample) -> None:
    header = sealed.read_header(sample.data)
    assert (
        header.raw
        == json.dumps(json.loads(header.raw), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )
    assert b"secret-canary" not in sample.data
    assert sample.mk.hex().encode() not in sample.data
    assert sample.mk.hex() not in repr(header)


def test_every_save_uses_a_fresh_salt_and_nonce(sample: Sample) -> None:
    first, second = sealed.read_header(sample.data), sealed.read_header(sample.seal())
    assert first.save_salt != second.save_salt
    assert first.nonce != second.nonce


def test_backups_never_carry_device_slots(sample: Sample) -> None:
    backup = sealed.read_header(sample.seal(kind="backup"))
    assert backup.kind == "backup"
    assert [s.type for s in backup.slots] == ["password", "recovery"]


def test_wrong_password_and_wrong_recovery_key(sample: Sample) -> None:
    header = sealed.read_header(sample.data)
    with pytest.raises(WrongPasswordError, match="wrong password"):
        sealed.unlock_password(header, PASSWORD + "!")
    with pytest.raises(WrongPasswordError, match="recovery key does not open"):
        sealed.unlock_recovery(header, crypto.format_recovery_key(crypto.new_recovery_key()))
    with pytest.raises(WrongPasswordError, match="not a recovery key"):
        sealed.unlock_recovery(header, "not-a-key")


def test_password_is_unicode_normalised(sample: Sample) -> None:
    mk = sample.mk
    data = sample.seal(slots=(sealed.new_password_slot(mk, sample.vault_id, "caf\u00e9", TEST_KDF),))
    assert sealed.unlock_password(sealed.read_header(data), "cafe\u0301") == mk


def test_slots_are_bound_to_their_vault(sample: Sample) -> None:
    """A slot copied into another vault's header does not unwrap there."""
    other_id = crypto.random_bytes(16).hex()
    moved = sample.seal(vault_id=other_id)
    header = sealed.read_header(moved)
    with pytest.raises(WrongPasswordError):
        sealed.unlock_password(header, PASSWORD)
    with pytest.raises(WrongPasswordError):
        sealed.unlock_recovery(header, crypto.format_recovery_key(sample.recovery))


def test_replace_password_slot_keeps_the_other_slots(sample: Sample) -> None:
    slots = sealed.replace_password_slot(sample.slots, sample.mk, sample.vault_id, "new", TEST_KDF)
    assert [s.type for s in slots] == ["password", "recovery", "device"]
    assert slots[1:] == sample.slots[1:]
    header = sealed.read_header(sample.seal(slots=slots))
    assert sealed.unlock_password(header, "new") == sample.mk
    with pytest.raises(WrongPasswordError):
        sealed.unlock_password(header, PASSWORD)


def test_edited_header_with_recomputed_checksum_is_tampered(sample: Sample) -> None:
    edited = reseal(sample.data, lambda h: h.replace(b'"generation":7', b'"generation":8'))
    header = sealed.read_header(edited)
    assert header.generation == 8
    mk = sealed.unlock_password(header, PASSWORD)
    with pytest.raises(TamperedFileError, match="modified outside tuiauth"):
        sealed.open_body(edited, header, mk)


def test_edited_body_with_recomputed_checksum_is_tampered(sample: Sample) -> None:
    flipped = bytearray(sample.data)
    flipped[-1] ^= 1
    rest = bytes(flipped[OFFSET:])
    edited = sealed.MAGIC + hashlib.sha256(rest).digest() + rest
    header = sealed.read_header(edited)
    with pytest.raises(TamperedFileError):
        sealed.open_body(edited, header, sealed.unlock_password(header, PASSWORD))


@pytest.mark.parametrize(
    ("field", "value"),
    [("m", 2**40), ("m", 2**22), ("t", 1000), ("p", 1000), ("m", 0)],
)
def test_kdf_caps_are_checked_before_deriving(sample: Sample, field: str, value: int) -> None:
    def edit(header: bytes) -> bytes:
        obj = json.loads(header)
        obj["slots"][0][field] = value
        return sealed.canonical_json(obj)

    header = sealed.read_header(reseal(sample.data, edit))
    with pytest.raises(UnsafeParametersError, match="key-derivation settings are unsafe"):
        sealed.unlock_password(header, PASSWORD)


def test_size_caps() -> None:
    with pytest.raises(UnsafeParametersError, match="too large"):
        sealed.read_header(sealed.MAGIC + bytes(sealed.MAX_FILE_SIZE))
    rest = (sealed.MAX_HEADER_SIZE + 1).to_bytes(4, "big") + b"{}"
    with pytest.raises(UnsafeParametersError, match="header is too large"):
        sealed.read_header(sealed.MAGIC + hashlib.sha256(rest).digest() + rest)


def test_unknown_magic_and_future_version(sample: Sample) -> None:
    with pytest.raises(CorruptFileError, match="not a tuiauth sealed file"):
        sealed.read_header(b'{"db": "an Aegis export, say"}')
    future = reseal(sample.data, lambda h: h.replace(b'"format":1', b'"format":2'))
    with pytest.raises(CorruptFileError, match="update tuiauth"):
        sealed.read_header(future)


@pytest.mark.parametrize(
    "edit",
    [
        lambda h: h + b" ",
        lambda h: h.replace(b'"kind":"vault"', b'"kind":"other"'),
        lambda h: h.replace(b'"generation":7', b'"generation":-7'),
        lambda h: h.replace(b'"generation":7', b'"generation":"7"'),
        lambda h: h.replace(b'"device":"laptop"', b'"device":"laptop","extra":1'),
        lambda h: h.replace(b'"type":"recovery"', b'"type":"fido"'),
        lambda h: h.replace(b'"kdf":"argon2id"', b'"kdf":"argon2id","kdf":"argon2id"'),
        lambda h: b"\xff" + h,
        lambda h: b"[]",
    ],
)
def test_malformed_headers_are_corrupt(sample: Sample, edit: Callable[[bytes], bytes]) -> None:
    with pytest.raises(CorruptFileError, match="header is malformed"):
        sealed.read_header(reseal(sample.data, edit))
