"""Decrypting SQLCipher 3 databases with the default settings (Authenticator Plus backups).

The layout: the first 16 bytes are the salt; key = PBKDF2-HMAC-SHA1(password, salt, 64 000, 32);
1024-byte pages each end in 48 reserved bytes = IV (16) ‖ HMAC-SHA1 (20) ‖ padding. A page's
ciphertext (page 1 without its salt) is AES-256-CBC without padding; its HMAC, keyed with
PBKDF2-HMAC-SHA1(key, salt XOR 0x3a, 2, 32), covers ciphertext ‖ IV ‖ page number (uint32 LE). The
plaintext is an ordinary SQLite file (with the reserved bytes kept), read by ``_sqlite``.
"""

from __future__ import annotations

from ...plugin_kit import crypto
from ...plugin_kit.errors import ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import check_size

PAGE_SIZE = 1024
RESERVE = 48
ITERATIONS = 64_000
SALT_BYTES = 16
_IV_BYTES = 16
_MAC_BYTES = 20
_SQLITE_MAGIC = b"SQLite format 3\x00"


def looks_like_sqlcipher(data: bytes) -> bool:
    """Whole pages of what looks like random bytes (no SQLite header): possibly SQLCipher."""
    return len(data) >= PAGE_SIZE and len(data) % PAGE_SIZE == 0 and not data.startswith(_SQLITE_MAGIC)


def decrypt_sqlcipher3(data: bytes, password: str, what: str) -> bytes:
    """The plain SQLite bytes; ImportPasswordError when page 1 does not authenticate."""
    check_size(data, what)
    if not looks_like_sqlcipher(data):
        raise ImportFormatError(f"this is not an encrypted {what} database")
    salt = data[:SALT_BYTES]
    key = crypto.pbkdf2(password.encode("utf-8"), salt, ITERATIONS, "sha1", 32)
    mac_key = crypto.pbkdf2(key, bytes(b ^ 0x3A for b in salt), 2, "sha1", 32)
    usable = PAGE_SIZE - RESERVE
    pages = []
    for number in range(1, len(data) // PAGE_SIZE + 1):
        page = data[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        start = SALT_BYTES if number == 1 else 0
        ciphertext, iv = page[start:usable], page[usable : usable + _IV_BYTES]
        mac = page[usable + _IV_BYTES : usable + _IV_BYTES + _MAC_BYTES]
        expected = crypto.hmac_digest(mac_key, ciphertext + iv + number.to_bytes(4, "little"), "sha1")
        if not crypto.constant_time_equal(expected, mac):
            if number == 1:
                raise ImportPasswordError(f"the password is wrong for this {what} database (or it is not one)")
            raise ImportFormatError(f"this {what} database is damaged (page {number} does not authenticate)")
        plain = crypto.aes_cbc_decrypt(key, iv, ciphertext, unpad=False)
        pages.append((_SQLITE_MAGIC if number == 1 else b"") + plain + page[usable:])
    return b"".join(pages)
