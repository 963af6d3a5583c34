"""mOTP (Mobile-OTP, as in Aegis and Stratum): MD5 of time step, hex secret and PIN.

The code is the first ``digits`` (normally 6) hex characters of
``MD5(str(unix_time // period) + secret_hex + pin)``; the period is normally 10 s. The PIN lives in
``account.extra["pin"]``.
"""

from __future__ import annotations

from tuiauth import AccountDraft, MethodSpec
from tuiauth.hookspecs import hookimpl
from tuiauth.plugin_kit.crypto import md5_hex
from tuiauth.plugin_kit.errors import AccountError

from ._otp import time_counter


def motp_code(account: AccountDraft, at: float) -> str:
    step = time_counter(at, account.period)
    pin = account.extra.get("pin", "")
    return md5_hex(f"{step}{account.secret.hex()}{pin}".encode())[: account.digits]


def validate_motp(draft: AccountDraft) -> None:
    if not draft.extra.get("pin"):
        raise AccountError("an mOTP account needs its PIN")


@hookimpl
def tuiauth_methods() -> list[MethodSpec]:
    return [
        MethodSpec(
            name="motp",
            label="mOTP (Mobile-OTP)",
            code=motp_code,
            validate=validate_motp,
            default_algorithm="MD5",
            default_period=10,
            algorithms=("MD5",),
            uri_parameters=("pin",),
            uri_schemes=("motp",),
            uri_hex_secret=True,
            code_groups=(),
            description="Mobile-OTP: 6 hex characters every 10 s from the secret and a PIN.",
        )
    ]
