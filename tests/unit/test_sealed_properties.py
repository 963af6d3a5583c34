"""Property tests: any damage to a small sealed vault is a typed VaultError, never another exception.

Without a recomputed checksum, every truncation and every flipped byte is ``CorruptFileError`` (the
outer SHA-256 tells damage apart from a wrong password). With the checksum recomputed (a deliberate
edit), the header checks, the slot and the body's authentication still refuse the file.
"""

from __future__ import annotations

import hashlib
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from tuiauth.core import crypto, sealed
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.errors import CorruptFileError, VaultError
from tuiauth.core.vaultdata import VaultData

PASSWORD = "hunter2"
CHECKSUM_END = len(sealed.MAGIC) + 32


@cache
def small_vault() -> tuple[bytes, bytes]:
    """(sealed file, body) of a vault with two accounts."""
    mk = crypto.random_bytes(32)
    vault_id = crypto.random_bytes(16).hex()
    slots = (
        sealed.new_password_slot(mk, vault_id, PASSWORD, TEST_KDF),
        sealed.new_recovery_slot(mk, vault_id, crypto.new_recovery_key()),
    )
    data = VaultData(
        accounts=[
            Account(issuer="Example", name="alice@example.com", secret=b"12345678901234567890"),
            Account(issuer="Other", name="bob", secret=b"\x01" * 10, type="hotp", counter=3),
        ]
    )
    body = data.to_json()
    return sealed.seal(mk, body, vault_id=vault_id, generation=3, parent=None, slots=slots,
                       device_name="test"), body  # fmt: skip


def open_fully(data: bytes) -> bytes:
    header = sealed.read_header(data)
    return sealed.open_body(data, header, sealed.unlock_password(header, PASSWORD))


def with_checksum(data: bytes) -> bytes:
    rest = data[CHECKSUM_END:]
    return data[: len(sealed.MAGIC)] + hashlib.sha256(rest).digest() + rest


def refused(data: bytes) -> VaultError:
    try:
        open_fully(data)
    except VaultError as exc:
        assert "\n" not in exc.message and PASSWORD not in exc.message
        return exc
    raise AssertionError("a damaged file opened")


def test_the_sample_opens() -> None:
    data, body = small_vault()
    assert open_fully(data) == body


def test_truncation_at_every_offset_is_corrupt() -> None:
    data, _ = small_vault()
    for length in range(len(data)):
        assert isinstance(refused(data[:length]), CorruptFileError), length


def test_a_flipped_bit_at_every_offset_is_corrupt() -> None:
    data, _ = small_vault()
    for offset in range(len(data)):
        for mask in (0x01, 0x80):
            damaged = bytearray(data)
            damaged[offset] ^= mask
            assert isinstance(refused(bytes(damaged)), CorruptFileError), offset


def test_a_flipped_bit_at_every_offset_past_the_checksum_is_refused_even_when_resealed() -> None:
    data, _ = small_vault()
    for offset in range(CHECKSUM_END, len(data)):
        damaged = bytearray(data)
        damaged[offset] ^= 0x04
        refused(with_checksum(bytes(damaged)))


@given(st.data())
def test_truncation_is_always_corrupt(draw: st.DataObject) -> None:
    data, _ = small_vault()
    length = draw.draw(st.integers(0, len(data) - 1))
    tail = draw.draw(st.sampled_from([b"", b"\0" * 16]))
    assert isinstance(refused(data[:length] + tail), CorruptFileError)


@given(st.data())
def test_a_changed_byte_is_always_corrupt(draw: st.DataObject) -> None:
    data, _ = small_vault()
    offset = draw.draw(st.integers(0, len(data) - 1))
    mask = draw.draw(st.integers(1, 255))
    damaged = bytearray(data)
    damaged[offset] ^= mask
    assert isinstance(refused(bytes(damaged)), CorruptFileError)


@settings(max_examples=300)
@given(st.data())
def test_edits_with_a_recomputed_checksum_are_always_refused(draw: st.DataObject) -> None:
    data, _ = small_vault()
    damaged = bytearray(data)
    offsets = draw.draw(st.sets(st.integers(CHECKSUM_END, len(data) - 1), min_size=1, max_size=4))
    for offset in offsets:
        damaged[offset] ^= draw.draw(st.integers(1, 255))
    refused(with_checksum(bytes(damaged)))


@given(st.binary(max_size=600))
def test_arbitrary_bytes_after_the_magic_are_refused(rest: bytes) -> None:
    refused(with_checksum(sealed.MAGIC + bytes(32) + rest))
