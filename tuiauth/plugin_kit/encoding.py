"""Decoding and encoding OTP secrets. The raw bytes are the canonical secret (``AccountDraft.secret``).

Every decoder raises ``SecretError`` (an ``AccountError``) with a message that never quotes the
secret; inside ``EntryCollector.entry`` that skips the one entry with its reason.
"""

from ..core.secrets import b32decode, b32encode, b64decode, hexdecode

__all__ = ["b32decode", "b32encode", "b64decode", "hexdecode"]
