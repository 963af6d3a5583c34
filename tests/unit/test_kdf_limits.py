"""The limits on key-derivation settings read from files (ours and other apps'), at their
boundaries: a hostile file is refused before anything is derived, with the reason a person reads,
and the largest settings a real app writes are still accepted.

Where accepting would mean a real 1 GiB derivation, an out-of-range lane count is given too: a
setting that passes the check under test then fails on the lanes instead, with the lanes' message.
"""

from __future__ import annotations

import pytest

from tuiauth.core import crypto
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import SecretError, UnsafeParametersError

GIB_KIB = 1024 * 1024


def refusal(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(UnsafeParametersError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value.message


# --- our own files: Argon2id ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "params", [KdfParams(8, 1, 1), KdfParams(GIB_KIB, 10, 16), KdfParams(128, 1, 16), KdfParams(8, 10, 1)]
)
def test_argon2_settings_within_the_limits_pass(params: KdfParams) -> None:
    crypto.check_argon2(params)


@pytest.mark.parametrize(
    ("params", "message"),
    [(KdfParams(8, 1, 0), "refusing Argon2id lanes=0: allowed 1 to 16"),
     (KdfParams(8, 1, 17), "refusing Argon2id lanes=17: allowed 1 to 16"),
     (KdfParams(8, 0, 1), "refusing Argon2id iterations=0: allowed 1 to 10"),
     (KdfParams(8, 11, 1), "refusing Argon2id iterations=11: allowed 1 to 10"),
     (KdfParams(127, 1, 16), "refusing Argon2id memory=127 KiB: allowed 128 KiB to 1024 MiB"),
     (KdfParams(GIB_KIB + 1, 1, 1), f"refusing Argon2id memory={GIB_KIB + 1} KiB: allowed 8 KiB to 1024 MiB")],
)  # fmt: skip
def test_argon2_settings_outside_the_limits_are_refused(params: KdfParams, message: str) -> None:
    assert refusal(crypto.check_argon2, params) == message
    assert refusal(crypto.argon2id, b"pw", bytes(16), params) == message


def test_argon2id_derives_what_its_parameters_say() -> None:
    key = crypto.argon2id(b"password", b"somesaltsomesalt", KdfParams(8, 1, 1))
    assert len(key) == 32
    assert key != crypto.argon2id(b"password", b"somesaltsomesalt", KdfParams(16, 1, 1))
    assert key != crypto.argon2id(b"password", b"somesaltsomesalt", KdfParams(8, 2, 1))
    assert key != crypto.argon2id(b"password", b"somesaltsomesalt", KdfParams(16, 1, 2))
    assert len(crypto.argon2id(b"password", b"somesaltsomesalt", KdfParams(8, 1, 1), length=64)) == 64


# --- other apps' files: Argon2id with a cap on memory x passes -----------------------------------------
WORK_REFUSED = "refusing Argon2id iterations={t} with memory={m} KiB: more work than 1 GiB × 4 passes"


@pytest.mark.parametrize(("m", "t"), [(GIB_KIB, 4), (GIB_KIB // 4, 16), (GIB_KIB // 32, 128 // 2), (GIB_KIB // 16, 64)])
def test_imports_may_trade_memory_for_passes_up_to_the_cap(m: int, t: int) -> None:
    # Within the work cap the lanes are checked next (17 is refused there, before deriving).
    message = refusal(crypto.argon2id_import, b"pw", bytes(16), KdfParams(m, t, 17))
    assert message == "refusing Argon2id lanes=17: allowed 1 to 16"


@pytest.mark.parametrize(("m", "t"), [(GIB_KIB, 5), (GIB_KIB // 16, 65), (8, 65), (8, 0), (GIB_KIB + 1024, 4)])
def test_imports_over_the_work_cap_are_refused(m: int, t: int) -> None:
    assert refusal(crypto.argon2id_import, b"pw", bytes(16), KdfParams(m, t, 17)) == WORK_REFUSED.format(m=m, t=t)


def test_an_import_over_one_gibibyte_of_memory_is_refused() -> None:
    message = refusal(crypto.argon2id_import, b"pw", bytes(16), KdfParams(GIB_KIB + 1, 1, 1))
    assert message == f"refusing Argon2id memory={GIB_KIB + 1} KiB: allowed 8 KiB to 1024 MiB"


def test_an_import_derives_with_all_its_passes() -> None:
    one = crypto.argon2id_import(b"pw", b"somesaltsomesalt", KdfParams(8, 1, 1))
    assert one == crypto.argon2id(b"pw", b"somesaltsomesalt", KdfParams(8, 1, 1))
    assert crypto.argon2id_import(b"pw", b"somesaltsomesalt", KdfParams(8, 12, 1)) != one
    assert len(crypto.argon2id_import(b"pw", b"somesaltsomesalt", KdfParams(8, 1, 1), length=16)) == 16


# --- scrypt and PBKDF2 ---------------------------------------------------------------------------
@pytest.mark.parametrize(("n", "r", "p"), [(2, 1, 1), (2, 32, 1), (2, 1, 16)])
def test_scrypt_within_the_limits_derives(n: int, r: int, p: int) -> None:
    assert len(crypto.scrypt(b"pw", b"salt", n, r, p)) == 32


def test_scrypt_n_up_to_two_to_the_20_passes_the_n_check() -> None:
    assert refusal(crypto.scrypt, b"pw", b"salt", 2**20, 1, 17) == "refusing scrypt r=1, p=17"


@pytest.mark.parametrize("n", [0, 1, 3, 2**20 - 1, 2**20 + 2, 2**21])
def test_scrypt_n_outside_the_powers_of_two_up_to_two_to_the_20_is_refused(n: int) -> None:
    assert refusal(crypto.scrypt, b"pw", b"salt", n, 1, 1) == f"refusing scrypt N={n}: allowed powers of two up to 2^20"


@pytest.mark.parametrize(("r", "p"), [(0, 1), (33, 1), (1, 0), (1, 17)])
def test_scrypt_r_and_p_outside_the_limits_are_refused(r: int, p: int) -> None:
    assert refusal(crypto.scrypt, b"pw", b"salt", 2, r, p) == f"refusing scrypt r={r}, p={p}"


def test_pbkdf2_iterations_are_capped_at_two_million() -> None:
    with pytest.raises(KeyError):  # the count passed; the unknown hash name is what stops it
        crypto.pbkdf2(b"pw", b"salt", 2_000_000, "md4")
    for count in (0, 2_000_001):
        assert refusal(crypto.pbkdf2, b"pw", b"salt", count) == (
            f"refusing PBKDF2 iterations={count}: allowed 1 to 2000000"
        )


def test_pbkdf2_rfc_6070_vector() -> None:
    assert crypto.pbkdf2(b"password", b"salt", 2, "sha1", 20).hex() == "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"


# --- AES-CBC (imports) and recovery keys ---------------------------------------------------------------
def test_aes_cbc_refuses_malformed_input_and_bad_padding() -> None:
    key = bytes(32)
    for iv, data in ((bytes(15), bytes(16)), (bytes(16), bytes(17))):
        with pytest.raises(crypto.DecryptionError, match=r"^malformed AES-CBC input$"):
            crypto.aes_cbc_decrypt(key, iv, data)
    raw = crypto.aes_cbc_decrypt(key, bytes(16), bytes(16), unpad=False)
    assert len(raw) == 16
    with pytest.raises(crypto.DecryptionError, match=r"^bad padding: wrong key or damaged data$"):
        crypto.aes_cbc_decrypt(key, bytes(16), bytes(16))


def test_a_recovery_key_is_thirteen_groups_of_four_and_reads_back_however_typed() -> None:
    key = crypto.new_recovery_key()
    text = crypto.format_recovery_key(key)
    assert [len(g) for g in text.split("-")] == [4] * 13
    assert crypto.parse_recovery_key(text) == key
    assert crypto.parse_recovery_key("  " + text.lower().replace("-", " ") + "\n") == key
    assert crypto.new_recovery_key() != key


@pytest.mark.parametrize(
    ("text", "message"),
    [("ABCD-EFGH", "that is not a recovery key: it should be 13 groups of four characters"),
     ("A" * 51, "that is not a recovery key: use the 13 groups of letters and digits")],
)  # fmt: skip
def test_what_is_not_a_recovery_key_says_how_one_looks(text: str, message: str) -> None:
    with pytest.raises(SecretError) as caught:
        crypto.parse_recovery_key(text)
    assert caught.value.message == message
