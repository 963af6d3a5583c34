"""What the test method of ``tests/plugin_packages/tuiauth-septet`` should show, computed here on
its own: 7 characters from its alphabet, from HMAC-SHA256 over the salt and the time step."""

from __future__ import annotations

import base64
import hashlib
import hmac

SEPTET_URI = "otpauth://sept7/Acme%20Labs:alice?secret=JBSWY3DPEHPK3PXP&salt=pepper&period=30"
ALPHABET = "ACDEFHJKLMNPRTUVWXY3"


def septet(secret_b32: str, salt: str, at: float, period: int = 30) -> str:
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    digest = hmac.new(key, salt.encode() + int(at // period).to_bytes(8, "big"), hashlib.sha256).digest()
    value = int.from_bytes(digest[:8], "big")
    chars = ""
    for _ in range(7):
        value, index = divmod(value, len(ALPHABET))
        chars += ALPHABET[index]
    return chars
