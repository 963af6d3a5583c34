"""HOTP (RFC 4226): counter-based codes. The core advances and saves the counter after each use."""

from __future__ import annotations

from tuiauth import AccountDraft, MethodSpec
from tuiauth.hookspecs import hookimpl

from . import _otp


def hotp_code(account: AccountDraft, at: float) -> str:
    """The code for ``account.counter``; ``at`` plays no part in a counter-based code."""
    return _otp.hotp_code(account)


@hookimpl
def tuiauth_methods() -> list[MethodSpec]:
    return [
        MethodSpec(
            name="hotp",
            label="HOTP (counter-based)",
            code=hotp_code,
            counter_based=True,
            description="A new code each time one is used; the counter is saved in the vault (RFC 4226).",
        )
    ]
