"""Key slots read from a file: each malformed field named (never "wrong password"), unsafe KDF
settings refused before deriving, and every slot of a kind tried in turn."""

from __future__ import annotations

from typing import Any

import pytest

from tuiauth.core import crypto, sealed
from tuiauth.core.crypto import TEST_KDF, KdfParams
from tuiauth.core.errors import CorruptFileError, UnsafeParametersError, WrongPasswordError
from tuiauth.core.slots import Slot

from .sealed_samples import PASSWORD, Sample


@pytest.fixture
def sample() -> Sample:
    return Sample()


def slot_json(sample: Sample, index: int, **changes: Any) -> dict[str, Any]:
    value: dict[str, Any] = {**sample.header()["slots"][index], **changes}
    return value


def refusal_of(sample: Sample, slot: object) -> str:
    """The message for a file whose only slot is ``slot``."""
    with pytest.raises(CorruptFileError) as caught:
        sealed.read_header(sample.with_header(slots=[slot]))
    return caught.value.message


MALFORMED = "the file's header is malformed"


@pytest.mark.parametrize(("index", "field"), [(0, "salt"), (0, "nonce"), (0, "key"), (1, "key"), (2, "salt")])
@pytest.mark.parametrize("delta", [-2, 2])
def test_a_slot_field_of_the_wrong_length_is_malformed_not_a_wrong_password(
    sample: Sample, index: int, field: str, delta: int
) -> None:
    value = slot_json(sample, index)[field]
    changed = value[:delta] if delta < 0 else value + "00"
    assert refusal_of(sample, slot_json(sample, index, **{field: changed})) == (
        f"{MALFORMED} (a key slot field has the wrong size)"
    )


@pytest.mark.parametrize("value", [None, 16, ["00"] * 16])
def test_a_slot_field_that_is_not_text_is_malformed(sample: Sample, value: object) -> None:
    assert refusal_of(sample, slot_json(sample, 1, salt=value)) == f"{MALFORMED} (a key slot field has the wrong size)"


def test_a_slot_field_that_is_not_hex_is_malformed(sample: Sample) -> None:
    salt = "zz" * crypto.SALT_SIZE
    assert refusal_of(sample, slot_json(sample, 1, salt=salt)) == f"{MALFORMED} (a key slot field is not hex)"


@pytest.mark.parametrize(
    ("slot", "reason"),
    [(["not", "an", "object"], "a key slot is not an object"), ({"type": "fido"}, "unknown key slot type"),
     ({"salt": "00"}, "unknown key slot type")],
)  # fmt: skip
def test_a_slot_of_unknown_shape_is_malformed(sample: Sample, slot: object, reason: str) -> None:
    assert refusal_of(sample, slot) == f"{MALFORMED} ({reason})"


@pytest.mark.parametrize(("index", "kind"), [(0, "password"), (1, "recovery"), (2, "device")])
def test_a_slot_with_an_extra_or_a_missing_field_names_its_type(sample: Sample, index: int, kind: str) -> None:
    extra = slot_json(sample, index, comment="x")
    assert refusal_of(sample, extra) == f"{MALFORMED} (the {kind} slot has wrong fields)"
    missing = slot_json(sample, index)
    del missing["salt"]
    assert refusal_of(sample, missing) == f"{MALFORMED} (the {kind} slot has wrong fields)"


@pytest.mark.parametrize("value", ["8", 8.0, True, None])
def test_a_kdf_parameter_that_is_not_an_integer_is_malformed(sample: Sample, value: object) -> None:
    for field in ("m", "t", "p"):
        assert refusal_of(sample, slot_json(sample, 0, **{field: value})) == (
            f"{MALFORMED} (a KDF parameter is not an integer)"
        )


def test_an_unknown_key_derivation_is_refused_as_unsafe(sample: Sample) -> None:
    with pytest.raises(UnsafeParametersError) as caught:
        sealed.read_header(sample.with_header(slots=[slot_json(sample, 0, kdf="scrypt")]))
    assert caught.value.message == "the file's password slot uses an unknown key derivation"


def test_device_names_in_slots_up_to_256_characters(sample: Sample) -> None:
    header = sealed.read_header(sample.with_header(slots=[slot_json(sample, 2, device="ü" * 256)]))
    assert header.slots[0].device == "ü" * 256
    for bad in ("d" * 257, 7, None):
        assert refusal_of(sample, slot_json(sample, 2, device=bad)) == f"{MALFORMED} (bad device name in a slot)"


def test_a_new_device_slot_cuts_a_long_name(sample: Sample) -> None:
    slot = sealed.new_device_slot(sample.mk, sample.vault_id, sample.device_key, "n" * 300)
    assert slot.device == "n" * 256


def test_slots_round_trip_through_a_header(sample: Sample) -> None:
    header = sealed.read_header(sample.data)
    assert [(s.type, s.kdf, s.device) for s in header.slots] == [
        ("password", TEST_KDF, None), ("recovery", None, None), ("device", None, "laptop"),
    ]  # fmt: skip
    assert header.slots == sample.slots


def test_a_slot_shows_no_key_material(sample: Sample) -> None:
    text = repr(sample.slots[0])
    assert text == f"Slot(type='password', kdf={TEST_KDF!r}, device=None)"
    assert sample.slots[0].wrapped.hex() not in text and sample.slots[0].salt.hex() not in text


# --- unlocking -----------------------------------------------------------------------------------
def header_with(sample: Sample, *slots: Slot, kind: str = "vault") -> sealed.SealedHeader:
    data = sealed.seal(
        sample.mk, b"{}", vault_id=sample.vault_id, generation=1, parent=None, slots=slots, device_name="d", kind=kind
    )
    return sealed.read_header(data)


def test_every_password_slot_is_tried_in_turn(sample: Sample) -> None:
    other = sealed.new_password_slot(sample.mk, sample.vault_id, "another password", TEST_KDF)
    header = header_with(sample, other, sample.slots[0])
    assert sealed.unlock_password(header, PASSWORD) == sample.mk
    assert sealed.unlock_password(header, "another password") == sample.mk


def test_every_recovery_slot_is_tried_in_turn(sample: Sample) -> None:
    second_key = crypto.new_recovery_key()
    second = sealed.new_recovery_slot(sample.mk, sample.vault_id, second_key)
    header = header_with(sample, sample.slots[0], second, sample.slots[1])
    assert sealed.unlock_recovery(header, crypto.format_recovery_key(sample.recovery)) == sample.mk
    assert sealed.unlock_recovery(header, crypto.format_recovery_key(second_key)) == sample.mk


def test_every_device_slot_is_tried_in_turn(sample: Sample) -> None:
    other_key = crypto.random_bytes(32)
    other = sealed.new_device_slot(sample.mk, sample.vault_id, other_key, "phone")
    header = header_with(sample, sample.slots[0], other, sample.slots[2])
    assert sealed.unlock_device(header, sample.device_key) == sample.mk
    assert sealed.unlock_device(header, other_key) == sample.mk


def test_no_password_slot_points_to_the_recovery_key(sample: Sample) -> None:
    header = header_with(sample, sample.slots[1], kind="backup")
    with pytest.raises(WrongPasswordError) as caught:
        sealed.unlock_password(header, PASSWORD)
    assert caught.value.message == "the backup has no password slot: open it with the recovery key"


@pytest.mark.parametrize(
    ("kdf", "detail"),
    [(KdfParams(8, 1, 17), "refusing Argon2id lanes=17: allowed 1 to 16"),
     (KdfParams(8, 11, 1), "refusing Argon2id iterations=11: allowed 1 to 10"),
     (KdfParams(7, 1, 1), "refusing Argon2id memory=7 KiB: allowed 8 KiB to 1024 MiB")],
)  # fmt: skip
def test_unsafe_settings_in_any_password_slot_are_refused_before_deriving(
    sample: Sample, kdf: KdfParams, detail: str
) -> None:
    unsafe = Slot("password", bytes(16), bytes(12), bytes(48), kdf=kdf)
    header = header_with(sample, sample.slots[0], unsafe)
    with pytest.raises(UnsafeParametersError) as caught:
        sealed.unlock_password(header, PASSWORD)  # the first slot would open: the check comes first
    assert caught.value.message == f"refusing to open the vault: its key-derivation settings are unsafe ({detail})"


def test_a_recovery_key_that_is_not_one_says_how_it_should_look(sample: Sample) -> None:
    with pytest.raises(WrongPasswordError) as caught:
        sealed.unlock_recovery(sealed.read_header(sample.data), "ABCD-EFGH")
    assert caught.value.message == "that is not a recovery key: it should be 13 groups of four characters"


def test_a_password_typed_in_another_normal_form_opens(sample: Sample) -> None:
    slot = sealed.new_password_slot(sample.mk, sample.vault_id, "cafe\u0301 au lait", TEST_KDF)
    assert sealed.unlock_password(header_with(sample, slot), "caf\u00e9 au lait") == sample.mk


def test_replacing_the_password_slot_keeps_the_others_after_it(sample: Sample) -> None:
    extra = sealed.new_password_slot(sample.mk, sample.vault_id, "second", TEST_KDF)
    slots = sealed.replace_password_slot((extra, *sample.slots), sample.mk, sample.vault_id, "new one", TEST_KDF)
    assert [s.type for s in slots] == ["password", "recovery", "device"]
    assert slots[1:] == sample.slots[1:]
    header = header_with(sample, *slots)
    assert sealed.unlock_password(header, "new one") == sample.mk
    for old in (PASSWORD, "second"):
        with pytest.raises(WrongPasswordError):
            sealed.unlock_password(header, old)
