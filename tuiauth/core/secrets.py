"""Decoding and encoding OTP secrets (base32, hex, base64). The raw bytes are the canonical secret."""

from __future__ import annotations

import base64
import binascii
import re

from .errors import SecretError

_STRIP = re.compile(r"[\s\-=]")
_B32 = re.compile(r"^[A-Z2-7]*$")


def b32decode(text: str) -> bytes:
    """Decode a base32 secret the tolerant way: spaces, dashes and padding ignored, any case.

    Lengths whose remainder mod 8 is 1, 3 or 6 cannot come from whole bytes and are rejected.
    """
    cleaned = _STRIP.sub("", text).upper()
    if not cleaned:
        raise SecretError("the secret is empty")
    if not _B32.match(cleaned):
        bad = sorted({c for c in cleaned if not ("A" <= c <= "Z" or "2" <= c <= "7")})
        raise SecretError(f"the secret is not base32: it contains {''.join(bad)!r} (allowed: A-Z, 2-7)")
    if len(cleaned) % 8 in (1, 3, 6):
        raise SecretError(f"the secret has {len(cleaned)} base32 characters, a length no key can have")
    padded = cleaned + "=" * (-len(cleaned) % 8)
    try:
        return base64.b32decode(padded)
    except binascii.Error as exc:  # pragma: no cover - the checks above cover every case
        raise SecretError("the secret is not valid base32") from exc


def b32encode(secret: bytes) -> str:
    """Unpadded upper-case base32, the form used for display, URIs and JSON output."""
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def hexdecode(text: str) -> bytes:
    try:
        data = bytes.fromhex(_STRIP.sub("", text))
    except ValueError as exc:
        raise SecretError("the secret is not valid hex") from exc
    if not data:
        raise SecretError("the secret is empty")
    return data


def b64decode(text: str) -> bytes:
    cleaned = re.sub(r"\s", "", text)
    try:
        data = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except binascii.Error as exc:
        raise SecretError("the secret is not valid base64") from exc
    if not data:
        raise SecretError("the secret is empty")
    return data
