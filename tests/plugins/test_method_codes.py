"""Codes computed by the built-in methods, checked against the RFCs' own tables and against an
independent implementation (pyotp, hashlib) at the edges: 64-bit counters, 10 digits, time zero."""

from __future__ import annotations

import base64
import hashlib
import math

import pyotp
import pytest

from tuiauth.core.accounts import AccountDraft
from tuiauth.core.errors import AccountError
from tuiauth.core.specs import MethodSpec
from tuiauth.pluginmanager import PluginManager
from tuiauth.testing import check_method

METHODS = PluginManager(entrypoints=False).methods()
HOTP, TOTP, STEAM, MOTP = (METHODS[name] for name in ("hotp", "totp", "steam", "motp"))
RFC_SEEDS = {
    "SHA1": b"12345678901234567890",
    "SHA256": b"12345678901234567890123456789012",
    "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
#: RFC 6238 appendix B: time -> (SHA1, SHA256, SHA512) with 8 digits.
RFC_6238 = {
    59: ("94287082", "46119246", "90693936"),
    1111111109: ("07081804", "68084774", "25091201"),
    1111111111: ("14050471", "67062674", "99943326"),
    1234567890: ("89005924", "91819424", "93441116"),
    2000000000: ("69279037", "90698825", "38618901"),
    20000000000: ("65353130", "77737706", "47863826"),
}
RFC_4226 = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]


def test_rfc_6238_table() -> None:
    """Through the method kit: the codes, and the spec's fields and backup rules with them."""
    check_method(
        TOTP,
        [
            (AccountDraft(secret=RFC_SEEDS[algorithm], algorithm=algorithm, digits=8), at, code)
            for at, codes in RFC_6238.items()
            for algorithm, code in zip(RFC_SEEDS, codes, strict=True)
        ],
    )


def test_rfc_4226_table() -> None:
    account = AccountDraft(type="hotp", secret=RFC_SEEDS["SHA1"])
    check_method(HOTP, [(account, counter, code) for counter, code in enumerate(RFC_4226)])


def b32(secret: bytes) -> str:
    return base64.b32encode(secret).decode()


@pytest.mark.parametrize("counter", [2**31, 2**32 + 5, 2**63 - 1, 2**63, 2**64 - 1])
@pytest.mark.parametrize("algorithm", ["SHA1", "SHA256", "SHA512"])
def test_hotp_agrees_with_pyotp_up_to_64_bit_counters(counter: int, algorithm: str) -> None:
    secret = RFC_SEEDS[algorithm]
    digest = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}[algorithm]
    expected = pyotp.HOTP(b32(secret), digits=8, digest=digest).at(counter)
    account = AccountDraft(type="hotp", secret=secret, algorithm=algorithm, digits=8, counter=counter)
    assert HOTP.code(account, 0.0) == expected


@pytest.mark.parametrize("counter", [-1, 2**64])
def test_a_counter_outside_64_bits_is_refused(counter: int) -> None:
    with pytest.raises(AccountError) as caught:
        HOTP.code(AccountDraft(type="hotp", secret=b"k" * 20, counter=counter), 0.0)
    assert caught.value.message == f"the counter must be between 0 and 2^64-1, not {counter}"


@pytest.mark.parametrize("digits", [4, 6, 7, 10])
def test_codes_are_zero_padded_to_their_digits(digits: int) -> None:
    padded = 0
    for at in range(0, 30 * 400, 30):
        expected = pyotp.TOTP(b32(RFC_SEEDS["SHA1"]), digits=10).at(at)[-digits:]  # pyotp's floor is 6
        code = TOTP.code(AccountDraft(secret=RFC_SEEDS["SHA1"], digits=digits), float(at))
        assert code == expected
        padded += code.startswith("0")
    assert padded > 0


def test_the_time_step_is_floor_of_time_over_period() -> None:
    account = AccountDraft(secret=RFC_SEEDS["SHA1"], period=45)
    for at in (0.0, 44.999, 45.0, 89.5, 1_800_000_000.25):
        assert TOTP.code(account, at) == pyotp.TOTP(b32(RFC_SEEDS["SHA1"]), interval=45).at(int(at))


@pytest.mark.parametrize("at", [-0.5, -1e9, math.inf, math.nan])
@pytest.mark.parametrize("method", [TOTP, STEAM, MOTP], ids=["totp", "steam", "motp"])
def test_times_before_1970_or_not_finite_are_refused(at: float, method: MethodSpec) -> None:
    account = AccountDraft(type=method.name, secret=b"k" * 20, extra={"pin": "1234"})
    with pytest.raises(AccountError) as caught:
        method.code(account, at)
    assert caught.value.message == "the time must be a number of seconds after 1970-01-01"


def steam_reference(secret: bytes, at: float) -> str:
    """Steam's code from the 31-bit value (TOTP with 10 digits is that value, zero-padded)."""
    value = int(pyotp.TOTP(b32(secret), digits=10).at(int(at)))
    out = ""
    for _ in range(5):
        value, index = divmod(value, 26)
        out += "23456789BCDFGHJKMNPQRTVWXY"[index]
    return out


def test_steam_codes_are_five_characters_of_its_alphabet() -> None:
    secret = b"steam-secret-0123456"
    for at in range(1_700_000_000, 1_700_000_000 + 30 * 50, 30):
        account = AccountDraft(type="steam", secret=secret, digits=5)
        assert STEAM.code(account, float(at)) == steam_reference(secret, at)


def test_motp_is_the_md5_of_step_secret_and_pin() -> None:
    secret = bytes.fromhex("0123456789abcdef")
    account = AccountDraft(type="motp", secret=secret, algorithm="MD5", period=10, extra={"pin": "4321"})
    for at in (0.0, 9.99, 10.0, 1_700_000_005.0):
        step = int(at // 10)
        assert MOTP.code(account, at) == hashlib.md5(f"{step}0123456789abcdef4321".encode()).hexdigest()[:6]
    assert (
        MOTP.code(AccountDraft(type="motp", secret=secret, digits=8, period=10, extra={"pin": "4321"}), 10.0)
        == (hashlib.md5(b"10123456789abcdef4321").hexdigest()[:8])
    )


def test_motp_without_a_pin_field_hashes_no_pin_and_is_refused_when_saved() -> None:
    secret = bytes.fromhex("0123456789abcdef")
    assert (
        MOTP.code(AccountDraft(type="motp", secret=secret, period=10), 20.0)
        == (hashlib.md5(b"20123456789abcdef").hexdigest()[:6])
    )
    with pytest.raises(AccountError) as caught:
        MOTP.validate(AccountDraft(type="motp", secret=secret, algorithm="MD5", period=10))
    assert caught.value.message == "an mOTP account needs its PIN"
    MOTP.validate(AccountDraft(type="motp", secret=secret, algorithm="MD5", period=10, extra={"pin": "0"}))


@pytest.mark.parametrize(
    ("changes", "said"),
    [({"digits": 6}, "a Steam Guard code has 5 characters, not 6"),
     ({"algorithm": "SHA256"}, "a Steam Guard account uses SHA1, not SHA256"),
     ({"algorithm": "SHA3"}, "unknown algorithm 'SHA3' (use SHA1)"),
     ({"period": 60}, "a Steam Guard account has a period of 30 s, not 60 s")],
)  # fmt: skip
def test_steam_refuses_any_other_shape_and_says_its_own(changes: dict[str, object], said: str) -> None:
    draft = AccountDraft(type="steam", secret=b"k" * 20, **{"digits": 5, **changes})  # type: ignore[arg-type]
    with pytest.raises(AccountError) as caught:
        STEAM.accept(draft)
    assert caught.value.message == said
    STEAM.accept(AccountDraft(type="steam", secret=b"k" * 20, digits=5))


@pytest.mark.parametrize("method", [HOTP, TOTP, STEAM, MOTP], ids=["hotp", "totp", "steam", "motp"])
def test_every_method_checks_the_draft(method: MethodSpec) -> None:
    with pytest.raises(AccountError) as caught:
        draft = AccountDraft(type=method.name, secret=b"", algorithm=method.default_algorithm, extra={"pin": "1"})
        method.accept(draft)
    assert caught.value.message == "the secret is empty"


def test_what_the_add_form_offers() -> None:
    shown = {name: (m.label, m.counter_based, m.default_digits) for name, m in METHODS.items()}
    assert shown == {
        "totp": ("TOTP (time-based)", False, 6),
        "hotp": ("HOTP (counter-based)", True, 6),
        "steam": ("Steam Guard", False, 5),
        "motp": ("mOTP (Mobile-OTP)", False, 6),
    }
