"""WinZip AES entries (compression method 99), which Raivo OTP writes and ``zipfile`` cannot read.

Per the public WinZip AE-1/AE-2 description: the entry's extra field ``0x9901`` holds the vendor
version, ``AE``, the key strength (1/2/3 = AES-128/192/256) and the real compression method. The
entry data is salt (8/12/16 bytes) ‖ 2-byte password check ‖ ciphertext ‖ 10-byte authentication
code. Keys: PBKDF2-HMAC-SHA1(password, salt, 1000, 2·key length + 2) = encryption key ‖ HMAC key ‖
password check. Ciphertext: AES-CTR, little-endian counter from 1; the code is
HMAC-SHA1(HMAC key, ciphertext) truncated to 10 bytes. Then stored (0) or deflated (8) data.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

from ...plugin_kit import crypto
from ...plugin_kit.errors import ImportFormatError, ImportPasswordError

AES_METHOD = 99
_EXTRA_ID = 0x9901
_KEY_BYTES = {1: 16, 2: 24, 3: 32}
_ITERATIONS = 1000
_CHECK_BYTES = 2
_MAC_BYTES = 10
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _aes_extra(extra: bytes, what: str) -> tuple[int, int]:
    """(key strength, real compression method) from the entry's extra fields."""
    at = 0
    while at + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + size]
        if field_id == _EXTRA_ID and len(body) == 7 and body[2:4] == b"AE":
            return body[4], struct.unpack_from("<H", body, 5)[0]
        at += 4 + size
    raise ImportFormatError(f"this {what} ZIP has an AES entry without its AES description")


def _raw_data(archive_bytes: bytes, info: zipfile.ZipInfo, what: str) -> bytes:
    start = info.header_offset
    if start < 0 or start + _LOCAL_HEADER.size > len(archive_bytes):
        raise ImportFormatError(f"this {what} ZIP is damaged")
    header = _LOCAL_HEADER.unpack_from(archive_bytes, start)
    if header[0] != b"PK\x03\x04":
        raise ImportFormatError(f"this {what} ZIP is damaged")
    name_len, extra_len = header[9], header[10]
    data_start = start + _LOCAL_HEADER.size + name_len + extra_len
    data = archive_bytes[data_start : data_start + info.compress_size]
    if len(data) != info.compress_size:
        raise ImportFormatError(f"this {what} ZIP is truncated")
    return data


def read_aes_entry(archive_bytes: bytes, info: zipfile.ZipInfo, password: str, limit: int, what: str) -> bytes:
    """The plaintext of one WinZip AES entry (at most ``limit`` bytes inflated)."""
    strength, method = _aes_extra(info.extra, what)
    key_bytes = _KEY_BYTES.get(strength)
    if key_bytes is None or method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ImportFormatError(f"this {what} ZIP uses an AES strength or compression tuiauth does not know")
    data = _raw_data(archive_bytes, info, what)
    salt_bytes = key_bytes // 2
    if len(data) < salt_bytes + _CHECK_BYTES + _MAC_BYTES:
        raise ImportFormatError(f"this {what} ZIP is truncated")
    salt, check = data[:salt_bytes], data[salt_bytes : salt_bytes + _CHECK_BYTES]
    body, mac = data[salt_bytes + _CHECK_BYTES : -_MAC_BYTES], data[-_MAC_BYTES:]
    keys = crypto.pbkdf2(password.encode("utf-8"), salt, _ITERATIONS, "sha1", 2 * key_bytes + _CHECK_BYTES)
    if not crypto.constant_time_equal(keys[-_CHECK_BYTES:], check):
        raise ImportPasswordError(f"the password is wrong for this {what} ZIP")
    expected_mac = crypto.hmac_digest(keys[key_bytes : 2 * key_bytes], body, "sha1")[:_MAC_BYTES]
    if not crypto.constant_time_equal(expected_mac, mac):
        raise ImportPasswordError(f"the password is wrong for this {what} ZIP (or it is damaged)")
    plain = crypto.aes_ctr_le(keys[:key_bytes], body)
    if method == zipfile.ZIP_STORED:
        content = plain[: limit + 1]
    else:
        try:
            content = zlib.decompressobj(-15).decompress(plain, limit + 1)
        except zlib.error:
            raise ImportFormatError(f"this {what} ZIP is damaged") from None
    if len(content) > limit:
        raise ImportFormatError(f"this {what} ZIP inflates to too much data; refusing it")
    return content
