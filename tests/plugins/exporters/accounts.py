"""Accounts the exporter tests write out and read back, and how two account lists are compared."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tuiauth.core.accounts import Account, AccountDraft

SEED20 = b"12345678901234567890"
SEED32 = b"12345678901234567890123456789012"
SEED64 = SEED32 * 2


def sample_accounts() -> list[Account]:
    """Every type and algorithm, awkward names (Unicode, colons, spaces, '+', '&'), groups, notes."""
    return [
        Account(issuer="Deno", name="Mason", secret=SEED20, groups=["Work"], favourite=True, note="n1"),
        Account(issuer="SPDX", name="James", secret=SEED32, algorithm="SHA256", digits=7, period=20),
        Account(issuer="Airbnb", name="Elijah", secret=SEED64, algorithm="SHA512", digits=8, period=50),
        Account(issuer="Issuu", name="James", secret=SEED20, type="hotp", counter=1, groups=["Work", "Home"]),
        Account(
            issuer="Air Canada",
            name="Ben+Jamin & co",
            secret=SEED32,
            type="hotp",
            algorithm="SHA256",
            digits=7,
            counter=50,
        ),
        Account(
            issuer="WWE", name="mason@wwe.com", secret=SEED64, type="hotp", algorithm="SHA512", digits=8, counter=10300
        ),
        Account(
            issuer="Boeing", name="Sophia", secret=b"Lr%\xf3\xe2e\xea\xe81\xaf\xcct_\xa7\x912", type="steam", digits=5
        ),
        Account(issuer="橡皮鸭", name="a:b c", secret=b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x10"),
        Account(issuer="", name="solo", secret=b"\xff" * 10),
    ]


def key(account: AccountDraft, *, extras: bool = False) -> tuple[Any, ...]:
    """The OTP fields (period only for time-based, counter only for HOTP), plus the rest if asked."""
    fields: tuple[Any, ...] = (
        account.issuer,
        account.name,
        account.secret,
        account.type,
        account.algorithm,
        account.digits,
        None if account.type == "hotp" else account.period,
        account.counter if account.type == "hotp" else None,
        dict(account.extra),
    )
    if extras:
        fields += (sorted(account.groups), account.favourite, account.note)
    return fields


def assert_same(got: Iterable[AccountDraft], want: Iterable[AccountDraft], *, extras: bool = False) -> None:
    assert sorted((key(a, extras=extras) for a in got), key=repr) == sorted(
        (key(a, extras=extras) for a in want), key=repr
    )


MOTP = Account(
    issuer="M", name="m", secret=b"\x12\x34" * 8, type="motp", algorithm="MD5", period=10, extra={"pin": "1234"}
)
