"""TOTP (RFC 6238): time-based codes, SHA-1/256/512, 4–10 digits, any period."""

from __future__ import annotations

from tuiauth import AccountDraft, MethodSpec
from tuiauth.hookspecs import hookimpl

from . import _otp


def totp_code(account: AccountDraft, at: float) -> str:
    return _otp.totp_code(account, at, account.digits)


@hookimpl
def tuiauth_methods() -> list[MethodSpec]:
    return [
        MethodSpec(
            name="totp",
            label="TOTP (time-based)",
            code=totp_code,
            description="A new code every period (usually 30 s), as most sites use (RFC 6238).",
        )
    ]
