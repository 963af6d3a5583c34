"""RFC 4226 / RFC 6238 arithmetic shared by the OTP methods (FORMATS.md §0.2).

Written over ``tuiauth.plugin_kit.crypto.hmac_digest`` instead of pyotp: keys of any length (80-bit ones included) and
64-bit counters (RFC 6238's row for the year 2603) work without special cases.
"""

from __future__ import annotations

import math
import struct

from tuiauth import AccountDraft
from tuiauth.plugin_kit.crypto import hmac_digest
from tuiauth.plugin_kit.errors import AccountError

MAX_COUNTER = 2**64 - 1


def truncated(secret: bytes, counter: int, algorithm: str) -> int:
    """RFC 4226 dynamic truncation: the 31-bit integer behind every HOTP/TOTP/Steam code.

    The offset is the low nibble of the MAC's *last* byte, whatever the hash length.
    """
    if not 0 <= counter <= MAX_COUNTER:
        raise AccountError(f"the counter must be between 0 and 2^64-1, not {counter}")
    mac = hmac_digest(secret, struct.pack(">Q", counter), algorithm.lower())
    offset = mac[-1] & 0x0F
    value: int = struct.unpack(">I", mac[offset : offset + 4])[0]
    return value & 0x7FFFFFFF


def decimal_code(value: int, digits: int) -> str:
    """``value`` mod 10^digits, left-padded with zeros."""
    return str(value % 10**digits).zfill(digits)


def time_counter(at: float, period: int) -> int:
    """RFC 6238 time step: floor(at / period) with T0 = 0; times before 1970 are refused."""
    if at < 0 or not math.isfinite(at):
        raise AccountError("the time must be a number of seconds after 1970-01-01")
    return int(at // period)


def totp_value(account: AccountDraft, at: float) -> int:
    return truncated(account.secret, time_counter(at, account.period), account.algorithm)
