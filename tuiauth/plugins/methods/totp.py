"""TOTP (RFC 6238): time-based codes, SHA-1/256/512, 4–10 digits, any period."""

from __future__ import annotations

from tuiauth import AccountDraft, MethodSpec
from tuiauth.hookspecs import hookimpl

from ._otp import decimal_code, totp_value


def totp_code(account: AccountDraft, at: float) -> str:
    return decimal_code(totp_value(account, at), account.digits)


def validate_totp(draft: AccountDraft) -> None:
    draft.check()


@hookimpl
def tuiauth_methods() -> list[MethodSpec]:
    return [
        MethodSpec(
            name="totp",
            label="TOTP (time-based)",
            code=totp_code,
            validate=validate_totp,
            description="A new code every period (usually 30 s), as most sites use (RFC 6238).",
        )
    ]
