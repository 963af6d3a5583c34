"""The sealed file's reading rules at their boundaries, each with the words a person reads.

A rule that is off by one, or an ``or`` read as ``and``, either refuses a file people have or accepts
one that costs a derivation per slot; a malformed header must never read as "wrong password".
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from tuiauth.core import crypto, sealed
from tuiauth.core.errors import CorruptFileError, TamperedFileError, UnsafeParametersError, WrongPasswordError

from .sealed_samples import PREFIX, Sample, frame

#: The promised limits, written out: the code's constants are what these tests check.
MIB = 1024 * 1024


@pytest.fixture
def sample() -> Sample:
    return Sample()


def refusal(data: bytes, what: str | None = None) -> str:
    """The message of the refusal to read ``data`` (as a vault file unless ``what`` says otherwise)."""
    with pytest.raises(CorruptFileError) as caught:
        sealed.read_header(data) if what is None else sealed.read_header(data, what=what)
    return caught.value.message


# --- generation, slots, device and time ------------------------------------------------------------
@pytest.mark.parametrize("generation", [0, 1, 2**63 - 1])
def test_generations_up_to_two_to_the_63_are_read(sample: Sample, generation: int) -> None:
    assert sealed.read_header(sample.seal(generation=generation)).generation == generation


@pytest.mark.parametrize("generation", [-1, 2**63, 2**64, 1.0, True])
def test_generations_outside_the_range_are_malformed(sample: Sample, generation: object) -> None:
    assert refusal(sample.with_header(generation=generation)) == "the vault file's header is malformed (bad generation)"


def test_one_and_thirty_two_slots_are_read(sample: Sample) -> None:
    one = sample.with_header(slots=[sample.header()["slots"][1]])
    assert len(sealed.read_header(one).slots) == 1
    many = sample.with_header(slots=[sample.header()["slots"][1]] * 32)
    assert len(sealed.read_header(many).slots) == 32


@pytest.mark.parametrize("slots", [[], "count", 33])
def test_no_slot_or_more_than_thirty_two_is_malformed(sample: Sample, slots: object) -> None:
    value = [sample.header()["slots"][1]] * slots if isinstance(slots, int) else slots
    assert refusal(sample.with_header(slots=value), "backup") == "the backup's header is malformed (bad key slots)"


def test_device_names_and_times_up_to_256_characters_are_read(sample: Sample) -> None:
    header = sealed.read_header(sample.with_header(device="é" * 256, time="t" * 256))
    assert (header.device, header.time) == ("é" * 256, "t" * 256)


@pytest.mark.parametrize(
    "changes", [{"device": 5}, {"time": None}, {"device": "d" * 257}, {"time": "t" * 257}, {"device": 1, "time": 2}]
)
def test_a_bad_device_name_or_time_is_malformed(sample: Sample, changes: dict[str, object]) -> None:
    assert refusal(sample.with_header(**changes)) == "the vault file's header is malformed (bad device name or time)"


def test_a_non_ascii_device_name_round_trips_byte_for_byte(sample: Sample) -> None:
    data = sample.seal(device_name="Zoë's 笔记本")
    header = sealed.read_header(data)
    assert header.device == "Zoë's 笔记本"
    assert "Zoë's 笔记本".encode() in data  # UTF-8 in the header, not \\u escapes
    assert sealed.open_body(data, header, sample.mk) == b"{}"


def test_a_long_device_name_is_cut_to_256_characters(sample: Sample) -> None:
    assert sealed.read_header(sample.seal(device_name="x" * 300)).device == "x" * 256


@pytest.mark.parametrize(
    ("changes", "reason"),
    [({"format": "1"}, "bad format version"), ({"parent": "ab"}, "bad parent hash"),
     ({"save_salt": "00" * 15}, "bad salt or nonce"), ({"nonce": "00" * 13}, "bad salt or nonce"),
     ({"vault_id": "A" * 32}, "bad vault id")],
)  # fmt: skip
def test_each_malformed_field_is_named(sample: Sample, changes: dict[str, object], reason: str) -> None:
    assert refusal(sample.with_header(**changes)) == f"the vault file's header is malformed ({reason})"


def test_a_parent_hash_is_read(sample: Sample) -> None:
    assert sealed.read_header(sample.seal(parent="ab" * 32)).parent == "ab" * 32


def test_nan_in_a_header_is_not_json(sample: Sample) -> None:
    raw = sealed.canonical_json(sample.header()).replace(b'"generation":7', b'"generation":NaN')
    assert refusal(frame(raw, b"\0" * 32)) == "the vault file's header is malformed (not JSON)"


# --- sizes ---------------------------------------------------------------------------------------
def test_a_body_as_short_as_the_tag_is_read_and_a_shorter_one_is_damaged(sample: Sample) -> None:
    empty = sample.seal(b"")
    header = sealed.read_header(empty)
    assert sealed.open_body(empty, header, sample.mk) == b""
    size = int.from_bytes(empty[PREFIX : PREFIX + 4], "big")
    raw = empty[PREFIX + 4 : PREFIX + 4 + size]
    assert refusal(frame(raw, empty[-15:])) == (
        "the vault file is damaged (truncated or changed bytes): restore a previous copy or a backup"
    )


@pytest.mark.parametrize("size", [2**32 - 1, 2**31, MIB + 1])
def test_a_header_length_over_one_mebibyte_is_refused_before_reading(sample: Sample, size: int) -> None:
    with pytest.raises(UnsafeParametersError, match=r"^the backup's header is too large \(\d+ bytes; at most 1 MiB\)$"):
        sealed.read_header(frame(b"{}", b"\0" * 64, size=size), what="backup")


def test_a_header_length_of_exactly_one_mebibyte_is_not_too_large(sample: Sample) -> None:
    assert refusal(frame(b"{}", b"\0" * 64, size=MIB)).startswith("the vault file is damaged")


def test_a_file_of_exactly_64_mib_is_not_too_large_and_one_byte_more_is() -> None:
    exact = b"x" * 64 * MIB
    assert refusal(exact) == "the vault file is not a tuiauth sealed file (unknown format)"
    with pytest.raises(UnsafeParametersError) as caught:
        sealed.read_header(exact + b"x", what="backup")
    assert caught.value.message == f"the backup is too large ({64 * MIB + 1} bytes; at most 64 MiB)"


def test_seal_writes_a_header_of_exactly_one_mebibyte_and_refuses_more(sample: Sample) -> None:
    slots = sample.slots[1:2] * 4000
    short = sealed.seal(sample.mk, b"", vault_id=sample.vault_id, generation=1, parent=None, slots=slots,
                        device_name="", time="t")  # fmt: skip
    base = int.from_bytes(short[PREFIX : PREFIX + 4], "big")
    padding = MIB - base
    assert padding > 0
    exact = sealed.seal(sample.mk, b"", vault_id=sample.vault_id, generation=1, parent=None, slots=slots,
                        device_name="", time="t" * (1 + padding))  # fmt: skip
    assert int.from_bytes(exact[PREFIX : PREFIX + 4], "big") == MIB
    with pytest.raises(ValueError, match=r"^the sealed-file header is too large$"):
        sealed.seal(sample.mk, b"", vault_id=sample.vault_id, generation=1, parent=None, slots=slots,
                    device_name="", time="t" * (2 + padding))  # fmt: skip


def test_an_unknown_kind_is_refused_when_sealing(sample: Sample) -> None:
    with pytest.raises(ValueError, match=r"^unknown sealed-file kind 'journal'$"):
        sample.seal(kind="journal")


# --- the time written and the file's name in messages ------------------------------------------------
@pytest.fixture
def far_time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("far_time_zone")
def test_the_time_written_is_utc_whatever_the_local_zone(sample: Sample) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    written = datetime.strptime(sealed.read_header(sample.seal()).time, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before <= written <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("unlock", "message"),
    [(lambda h: sealed.unlock_password(h, "not it"), "wrong password: it does not open this backup"),
     (lambda h: sealed.unlock_recovery(h, crypto.format_recovery_key(bytes(32))),
      "that recovery key does not open this backup"),
     (lambda h: sealed.unlock_device(h, bytes(32)), "this device's key does not open this backup")],
)  # fmt: skip
def test_a_wrong_secret_names_the_kind_of_file(unlock: Callable[[sealed.SealedHeader], bytes], message: str) -> None:
    sample = Sample("backup")
    header = sealed.read_header(sample.data, what="backup")
    header = sealed.SealedHeader(**{**header.__dict__, "slots": sample.slots})  # a device slot too
    with pytest.raises(WrongPasswordError) as caught:
        unlock(header)
    assert caught.value.message == message


def test_a_body_edited_under_a_valid_checksum_is_tampered_and_says_so(sample: Sample) -> None:
    data = bytearray(sample.data)
    data[-1] ^= 1
    rest = bytes(data[PREFIX:])
    edited = sealed.MAGIC + hashlib.sha256(rest).digest() + rest
    header = sealed.read_header(edited)
    with pytest.raises(TamperedFileError) as caught:
        sealed.open_body(edited, header, sample.mk)
    assert caught.value.message == (
        "the vault's authenticated header or body does not match: it was modified outside tuiauth"
    )
