"""The built-in verification methods against the RFC, Steam and Aegis mOTP vectors (corpus/vectors.json)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from tuiauth.core import otpauth
from tuiauth.core.accounts import AccountDraft
from tuiauth.core.errors import AccountError
from tuiauth.core.specs import MethodSpec
from tuiauth.plugins.methods import builtin_methods, hotp, motp, steam, totp
from tuiauth.testing import check_method

METHODS = builtin_methods()


def _method(module: Any) -> MethodSpec:
    (spec,) = module.tuiauth_methods()
    assert isinstance(spec, MethodSpec)
    return spec


TOTP, HOTP, STEAM, MOTP = (_method(m) for m in (totp, hotp, steam, motp))


@pytest.fixture
def codes(corpus_vectors: Path) -> dict[str, Any]:
    table: dict[str, Any] = json.loads(corpus_vectors.read_text("utf-8"))["otp_codes"]
    return table


def test_descriptors() -> None:
    assert [m.name for m in (TOTP, HOTP, STEAM, MOTP)] == ["totp", "hotp", "steam", "motp"]
    assert HOTP.counter_based and not TOTP.counter_based and not STEAM.counter_based
    assert not any(m.device_bound for m in (TOTP, HOTP, STEAM, MOTP))
    assert STEAM.default_digits == 5
    assert HOTP.period(AccountDraft(type="hotp")) is None
    assert TOTP.period(AccountDraft(period=45)) == 45


def test_rfc4226_table(codes: dict[str, Any]) -> None:
    vector = codes["rfc4226_hotp"]
    secret = vector["secret_ascii"].encode()
    checked = 0
    for counter, expected in enumerate(vector["codes_by_counter"]):
        account = AccountDraft(type="hotp", secret=secret, counter=counter, digits=vector["digits"])
        assert HOTP.code(account, 0.0) == expected
        assert HOTP.code(account, 1e9) == expected  # the time plays no part
        checked += 1
    assert checked == 10  # RFC 4226 appendix D: counters 0 to 9


def test_rfc6238_table_all_hashes_with_matching_seeds(codes: dict[str, Any]) -> None:
    vector = codes["rfc6238_totp"]
    seeds = vector["seeds_ascii"]
    assert [len(seeds[a]) for a in ("SHA1", "SHA256", "SHA512")] == [20, 32, 64]
    rows = vector["rows"]
    assert any(row[0] == 20_000_000_000 for row in rows)  # needs a 64-bit counter
    checked = 0
    for at, *expected in rows:
        for algorithm, code in zip(vector["columns"][1:], expected, strict=True):
            account = AccountDraft(secret=seeds[algorithm].encode(), algorithm=algorithm, digits=8)
            assert TOTP.code(account, float(at)) == code, (at, algorithm)
            checked += 1
    assert checked == 18  # RFC 6238 appendix B: 6 times, each with SHA1, SHA256 and SHA512


def test_totp_from_an_uri_and_6_digit_truncation() -> None:
    uri = "otpauth://totp/ACME:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=30"  # ASCII 1234567890 x2
    assert TOTP.code(otpauth.parse_uri(uri, METHODS), 59.0) == "287082"
    assert TOTP.code(otpauth.parse_uri(uri, METHODS), 59.999) == "287082"
    assert TOTP.code(otpauth.parse_uri(uri, METHODS), 60.0) == "359152"


def test_80_bit_secret_works() -> None:
    account = otpauth.parse_uri("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP", METHODS)
    assert len(account.secret) == 10
    assert TOTP.code(account, 1_700_000_000.0) == "324550"  # pyotp agrees once its 112-bit floor is lowered


def test_steam_vector(codes: dict[str, Any]) -> None:
    vector = codes["steam"]
    assert vector["alphabet"] == steam.ALPHABET
    account = AccountDraft(type="steam", secret=base64.b64decode(vector["shared_secret_b64"]), digits=5)
    STEAM.accept(account)
    check_method(STEAM, [(account, vector["time"], vector["code"])])
    assert STEAM.code(account, float(vector["time"] - vector["time"] % 30 + 30)) != vector["code"]


def test_steam_validation_forces_its_shape() -> None:
    for wrong in ({"digits": 6}, {"algorithm": "SHA256"}, {"period": 60}):
        with pytest.raises(AccountError):
            STEAM.accept(AccountDraft(type="steam", secret=b"k", **{"digits": 5, **wrong}))


def test_motp_vectors(codes: dict[str, Any]) -> None:
    checked = 0
    for at, expected, pin, secret_hex in codes["motp"]["rows"]:
        account = otpauth.parse_uri(f"motp://Work:me?secret={secret_hex}&pin={pin}", METHODS)
        MOTP.accept(account)
        assert MOTP.code(account, float(at)) == expected
        checked += 1
    assert checked == 6


def test_motp_needs_a_pin() -> None:
    with pytest.raises(AccountError):
        MOTP.accept(AccountDraft(type="motp", secret=b"k", algorithm="MD5", period=10))


@pytest.mark.parametrize("method", [TOTP, HOTP, STEAM])
def test_validation_rejects_bad_drafts(method: MethodSpec) -> None:
    with pytest.raises(AccountError):
        method.accept(AccountDraft(type=method.name, secret=b"", digits=method.default_digits))
    if method.name != "steam":
        with pytest.raises(AccountError):
            method.accept(AccountDraft(type=method.name, secret=b"k", digits=11))


def test_times_before_1970_and_huge_counters_are_typed_errors() -> None:
    with pytest.raises(AccountError):
        TOTP.code(AccountDraft(secret=b"k"), -1.0)
    with pytest.raises(AccountError):
        TOTP.code(AccountDraft(secret=b"k"), float("inf"))
    with pytest.raises(AccountError):
        HOTP.code(AccountDraft(type="hotp", secret=b"k", counter=2**64), 0.0)
