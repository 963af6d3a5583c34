"""HOTP (RFC 4226): counter-based codes. The core advances and saves the counter after each use."""

from __future__ import annotations

from tuiauth import AccountDraft, MethodSpec
from tuiauth.hookspecs import hookimpl

from ._otp import decimal_code, truncated


def hotp_code(account: AccountDraft, at: float) -> str:
    """The code for ``account.counter``; ``at`` plays no part in a counter-based code."""
    return decimal_code(truncated(account.secret, account.counter, account.algorithm), account.digits)


def validate_hotp(draft: AccountDraft) -> None:
    draft.check()


@hookimpl
def tuiauth_methods() -> list[MethodSpec]:
    return [
        MethodSpec(
            name="hotp",
            label="HOTP (counter-based)",
            code=hotp_code,
            counter_based=True,
            validate=validate_hotp,
            description="A new code each time one is used; the counter is saved in the vault (RFC 4226).",
        )
    ]
