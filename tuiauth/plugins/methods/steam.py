"""Steam Guard: TOTP machinery (SHA-1, 30 s) shown as 5 characters from Steam's 26-letter alphabet."""

from __future__ import annotations

from tuiauth import AccountDraft, MethodSpec
from tuiauth.hookspecs import hookimpl

from . import _otp

ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"
CHARACTERS = 5
PERIOD = 30


def steam_code(account: AccountDraft, at: float) -> str:
    """Least-significant character first: repeatedly ``value mod 26`` into the alphabet, where
    ``value`` is the whole 31-bit TOTP value (pyotp's 10-digit code)."""
    value = int(_otp.totp_code(account, at, _otp.ALL_DIGITS))
    chars = []
    for _ in range(CHARACTERS):
        value, index = divmod(value, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


@hookimpl
def tuiauth_methods() -> list[MethodSpec]:
    return [
        MethodSpec(
            name="steam",
            label="Steam Guard",
            code=steam_code,
            default_digits=CHARACTERS,
            min_digits=CHARACTERS,
            max_digits=CHARACTERS,
            algorithms=("SHA1",),
            periods=(PERIOD,),
            uri_encoders=("steam",),
            uri_schemes=("steam",),
            default_issuer="Steam",
            code_groups=(),
            description="Steam's 5-character codes (letters and digits), every 30 s.",
        )
    ]
