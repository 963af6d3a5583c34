"""Steam Guard: TOTP machinery (SHA-1, 30 s) shown as 5 characters from Steam's 26-letter alphabet."""

from __future__ import annotations

from tuiauth import AccountDraft, MethodSpec
from tuiauth.hookspecs import hookimpl
from tuiauth.plugin_kit.errors import AccountError

from ._otp import totp_value

ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"
CHARACTERS = 5
PERIOD = 30


def steam_code(account: AccountDraft, at: float) -> str:
    """Least-significant character first: repeatedly ``value mod 26`` into the alphabet."""
    value = totp_value(account, at)
    chars = []
    for _ in range(CHARACTERS):
        value, index = divmod(value, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def validate_steam(draft: AccountDraft) -> None:
    draft.check()
    if (draft.digits, draft.algorithm, draft.period) != (CHARACTERS, "SHA1", PERIOD):
        raise AccountError(
            f"a Steam account has {CHARACTERS} characters, SHA1 and a {PERIOD} s period, "
            f"not {draft.digits}, {draft.algorithm} and {draft.period} s"
        )


@hookimpl
def tuiauth_methods() -> list[MethodSpec]:
    return [
        MethodSpec(
            name="steam",
            label="Steam Guard",
            code=steam_code,
            default_digits=CHARACTERS,
            default_period=PERIOD,
            validate=validate_steam,
            description="Steam's 5-character codes (letters and digits), every 30 s.",
        )
    ]
