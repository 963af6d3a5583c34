"""RFC 4226 / RFC 6238 codes through pyotp, for the TOTP, HOTP and Steam methods.

pyotp takes a base32 secret of at least 112 bits and 6 to 10 digits. Real accounts have 80-bit keys
(``JBSWY3DPEHPK3PXP``) and RFC 6238's test seeds are raw bytes, and 4- or 5-digit codes exist, so the
generators here hand pyotp the account's key bytes as they are, and set the code length after
pyotp's own 6-to-10 check. Steam asks for 10 digits: that is the whole 31-bit truncated value.
"""

from __future__ import annotations

import math
from typing import Any

import pyotp

from tuiauth import AccountDraft
from tuiauth.plugin_kit.errors import AccountError

MAX_COUNTER = 2**64 - 1
#: Enough decimal digits for any 31-bit value: pyotp's code is then the whole truncated value.
ALL_DIGITS = 10


class _KeyBytes:
    """Gives pyotp the key as bytes, of any length, instead of decoding (and size-checking) base32."""

    _key: bytes

    def byte_secret(self) -> bytes:
        return self._key


class KeyTOTP(_KeyBytes, pyotp.TOTP):
    """pyotp's TOTP over raw key bytes, 4 to 10 digits."""

    def __init__(self, key: bytes, *, algorithm: str, period: int, digits: int) -> None:
        self._key = key
        super().__init__("", digits=ALL_DIGITS, digest=_digest(algorithm), interval=period)
        self.digits = digits


class KeyHOTP(_KeyBytes, pyotp.HOTP):
    """pyotp's HOTP over raw key bytes, 4 to 10 digits."""

    def __init__(self, key: bytes, *, algorithm: str, digits: int) -> None:
        self._key = key
        super().__init__("", digits=ALL_DIGITS, digest=_digest(algorithm))
        self.digits = digits


def _digest(algorithm: str) -> Any:
    """The name ``hmac.new`` takes (``sha1``…), which pyotp passes on as its digest."""
    return algorithm.lower()


def time_counter(at: float, period: int) -> int:
    """RFC 6238 time step: floor(at / period) with T0 = 0; times before 1970 are refused."""
    if at < 0 or not math.isfinite(at):
        raise AccountError("the time must be a number of seconds after 1970-01-01")
    return int(at // period)


def _checked(counter: int) -> int:
    if not 0 <= counter <= MAX_COUNTER:
        raise AccountError(f"the counter must be between 0 and 2^64-1, not {counter}")
    return counter


def totp_code(account: AccountDraft, at: float, digits: int) -> str:
    """The TOTP code of ``account`` at unix time ``at``, ``digits`` long."""
    generator = KeyTOTP(account.secret, algorithm=account.algorithm, period=account.period, digits=digits)
    return generator.generate_otp(_checked(time_counter(at, account.period)))


def hotp_code(account: AccountDraft) -> str:
    """The HOTP code of ``account`` for ``account.counter``."""
    return KeyHOTP(account.secret, algorithm=account.algorithm, digits=account.digits).at(_checked(account.counter))
