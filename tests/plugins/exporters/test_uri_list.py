"""otpauth URI list export: round trip through the URI-list importer, and codes checked by oathtool."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiauth.core import exporting, otpauth
from tuiauth.core.accounts import Account, AccountDraft
from tuiauth.core.errors import ExportError
from tuiauth.core.secrets import b32encode
from tuiauth.plugins.exporters import uri_list
from tuiauth.plugins.importers import uri_list as uri_importer
from tuiauth.plugins.methods import builtin_methods, hotp, totp
from tuiauth.testing import require_binary

from ...qr_scan import code_size, scan
from .accounts import MOTP, SEED20, SEED32, SEED64, assert_same, sample_accounts

METHODS = builtin_methods()

SPEC = uri_list.tuiauth_exporters()[0]
IMPORTER = uri_importer.tuiauth_importers()[0]


def _import(data: bytes) -> list[AccountDraft]:
    result = IMPORTER.parse(data, None)
    assert result.problems == []
    return result.drafts


def test_round_trip_keeps_every_otp_field() -> None:
    accounts = [*sample_accounts(), MOTP]
    data = SPEC.export(accounts, None)
    assert SPEC.plaintext_secrets
    assert data.decode().count("\n") == len(accounts)
    assert_same(_import(data), accounts)


def test_unknown_types_fail_naming_the_account() -> None:
    push = Account(issuer="Okta", name="me", secret=b"x" * 10, type="push")
    with pytest.raises(ExportError, match=r"Okta \(me\)") as info:
        SPEC.export([*sample_accounts(), push], None)
    assert b32encode(push.secret) not in info.value.message


_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), max_size=12)


@settings(max_examples=60, deadline=None)  # no timed check: it fails under load
@given(
    issuer=_names,
    name=_names,
    secret=st.binary(min_size=1, max_size=64),
    kind=st.sampled_from(["totp", "hotp"]),
    algorithm=st.sampled_from(["SHA1", "SHA256", "SHA512"]),
    digits=st.integers(6, 10),
    period=st.integers(1, 600),
    counter=st.integers(0, 2**63 - 1),
)
def test_round_trip_property(
    issuer: str, name: str, secret: bytes, kind: str, algorithm: str, digits: int, period: int, counter: int
) -> None:
    account = Account(
        issuer=issuer,
        name=name,
        secret=secret,
        type=kind,
        algorithm=algorithm,
        digits=digits,
        period=period,
        counter=counter if kind == "hotp" else 0,
    )
    assert_same(_import(SPEC.export([account], None)), [account])


_TOTP_CODE = totp.tuiauth_methods()[0].code
_HOTP_CODE = hotp.tuiauth_methods()[0].code


def _oathtool(*args: str) -> str:
    oathtool = require_binary("oathtool", "apt-get install oathtool")
    return subprocess.run([oathtool, *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.mark.parametrize(("algorithm", "seed"), [("SHA1", SEED20), ("SHA256", SEED32), ("SHA512", SEED64)])
def test_totp_codes_match_oathtool(algorithm: str, seed: bytes) -> None:
    account = Account(issuer="RFC", name="6238", secret=seed, algorithm=algorithm, digits=8, period=30)
    (draft,) = _import(SPEC.export([account], None))
    for at in (59, 1111111109, 1234567890, 20000000000):
        expected = _oathtool(
            f"--totp={algorithm}", "-d", "8", "-s", "30s", "-N", f"@{at}", "-b", b32encode(draft.secret)
        )
        assert _TOTP_CODE(draft, float(at)) == expected


@pytest.mark.parametrize(("algorithm", "seed"), [("SHA1", SEED20), ("SHA256", SEED32), ("SHA512", SEED64)])
def test_hotp_codes_match_oathtool(algorithm: str, seed: bytes) -> None:
    for counter in (0, 1, 9, 10300):
        account = Account(
            issuer="RFC", name="4226", secret=seed, type="hotp", algorithm=algorithm, digits=6, counter=counter
        )
        (draft,) = _import(SPEC.export([account], None))
        if algorithm == "SHA1":
            expected = _oathtool("--hotp", "-d", "6", "-c", str(counter), seed.hex())
        else:
            # oathtool's HOTP mode is SHA-1 only; TOTP with a 1 s step at t = counter is HOTP(counter).
            expected = _oathtool(f"--totp={algorithm}", "-d", "6", "-s", "1s", "-N", f"@{counter}", seed.hex())
        assert _HOTP_CODE(draft, 0.0) == expected


QR_SPEC = next(s for s in uri_list.tuiauth_exporters() if s.name == "otpauth-qr")


def test_one_qr_code_per_account_each_fitting_80x24_and_scanning_back() -> None:
    push = Account(issuer="Okta", name="me", secret=b"x" * 10, type="push")
    accounts = [*sample_accounts(), MOTP, push]
    assert QR_SPEC.qr is not None
    plan = QR_SPEC.qr(accounts)
    reasons = {a.issuer: reason for a, reason in plan.skipped}
    assert "push" in reasons.pop("Okta")
    assert set(reasons) == {"Airbnb", "WWE", "Air Canada"}  # 32- and 64-byte secrets, long names
    assert all("80×24" in reason for reason in reasons.values())
    for batch in plan.batches:
        lines = exporting.qr_lines(batch.text)
        columns, rows = code_size(lines)
        assert columns <= 80 and rows <= 24
        (account,) = batch.accounts
        assert_same([otpauth.parse_uri(scan(lines), METHODS)], [account])
    assert len(plan.batches) == len(accounts) - 4


def test_the_short_uri_leaves_out_only_the_defaults() -> None:
    account = Account(issuer="Deno", name="Mason", secret=SEED20)
    assert "algorithm" not in otpauth.to_uri(account, METHODS, short=True) and "period" not in otpauth.to_uri(
        account, METHODS, short=True
    )
    assert len(otpauth.to_uri(account, METHODS, short=True)) < len(otpauth.to_uri(account, METHODS))
    assert_same([otpauth.parse_uri(otpauth.to_uri(account, METHODS, short=True), METHODS)], [account])
