"""The outer header of a KeePass database (KDBX 3.1 and 4.x), read only far enough to know its key
derivation, so its cost is checked *before* any derivation runs.

Layout: two signature words, minor and major version (u16 each, little-endian), then fields of
``id (u8), length, value`` up to field 0 — the length is a u16 in KDBX 3.1 and a u32 in KDBX 4.
KDBX 3.1 keeps AES-KDF's seed (field 5) and rounds (field 6) as fields of their own; KDBX 4 keeps
a "variant dictionary" in field 11: ``version (u16)``, then items ``type (u8), key length (u32),
key, value length (u32), value`` up to type 0. Its ``$UUID`` names the KDF; AES-KDF has ``S`` (seed)
and ``R`` (rounds, u64); Argon2 has ``S`` (salt), ``M`` (memory in bytes, u64), ``I`` (passes, u64),
``P`` (lanes, u32) and ``V`` (version, u32).
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass

from ...plugin_kit.errors import ImportFormatError

SIGNATURE = b"\x03\xd9\xa2\x9a\x67\xfb\x4b\xb5"
_END, _TRANSFORM_SEED, _TRANSFORM_ROUNDS, _KDF_PARAMETERS = 0, 5, 6, 11
AES_KDF = uuid.UUID("c9d9f39a-628a-4460-bf74-0d08c18a4fea").bytes
ARGON2D = uuid.UUID("ef636ddf-8c29-444b-91f7-a9a403e30a0c").bytes
ARGON2ID = uuid.UUID("9e298b19-56db-4773-b23d-fc3ec6f0a1e6").bytes
#: A real header is a few hundred bytes; more than this many fields is not a KeePass database.
_MAX_FIELDS = 64


@dataclass(frozen=True)
class KdbxKdf:
    """The database's key derivation: ``kind`` is "aes", "argon2d" or "argon2id"."""

    kind: str
    salt: bytes
    rounds: int = 0
    memory_bytes: int = 0
    passes: int = 0
    lanes: int = 0
    version: int = 0


@dataclass(frozen=True)
class KdbxHeader:
    major: int
    minor: int
    kdf: KdbxKdf
    #: Where the outer header ends (its hash and, in KDBX 4, its HMAC follow).
    size: int


def is_kdbx(head: bytes) -> bool:
    return head.startswith(SIGNATURE)


def _damaged() -> ImportFormatError:
    return ImportFormatError("this KeePass database's header is damaged")


def read_header(data: bytes) -> KdbxHeader:
    """The version and key derivation of a KDBX file; ImportFormatError for anything else."""
    if not is_kdbx(data) or len(data) < 12:
        raise ImportFormatError("this is not a KeePass database (.kdbx)")
    minor, major = struct.unpack_from("<HH", data, 8)
    if major not in (3, 4):
        raise ImportFormatError(
            f"this KeePass database has format version {major}.{minor}; tuiauth reads KDBX 3.1 and 4 "
            "(KeePassXC saves one of those)"
        )
    length_format = "<H" if major == 3 else "<I"
    fields: dict[int, bytes] = {}
    at = 12
    for _ in range(_MAX_FIELDS):
        try:
            field_id = data[at]
            (length,) = struct.unpack_from(length_format, data, at + 1)
        except (IndexError, struct.error):
            raise _damaged() from None
        at += 1 + struct.calcsize(length_format)
        value = data[at : at + length]
        if len(value) != length:
            raise _damaged()
        at += length
        if field_id == _END:
            break
        fields[field_id] = value
    else:
        raise _damaged()
    if major == 3:
        seed, rounds = fields.get(_TRANSFORM_SEED), fields.get(_TRANSFORM_ROUNDS)
        if seed is None or rounds is None or len(rounds) != 8:
            raise _damaged()
        return KdbxHeader(major, minor, KdbxKdf("aes", seed, rounds=int.from_bytes(rounds, "little")), at)
    if _KDF_PARAMETERS not in fields:
        raise _damaged()
    return KdbxHeader(major, minor, _kdf(_variant_dictionary(fields[_KDF_PARAMETERS])), at)


def _variant_dictionary(data: bytes) -> dict[str, bytes]:
    items: dict[str, bytes] = {}
    at = 2
    try:
        while True:
            kind = data[at]
            if kind == 0:
                return items
            (key_length,) = struct.unpack_from("<I", data, at + 1)
            key = data[at + 5 : at + 5 + key_length].decode("utf-8", "replace")
            at += 5 + key_length
            (value_length,) = struct.unpack_from("<I", data, at)
            value = data[at + 4 : at + 4 + value_length]
            if len(value) != value_length or len(items) >= _MAX_FIELDS:
                raise _damaged()
            items[key] = value
            at += 4 + value_length
    except (IndexError, struct.error):
        raise _damaged() from None


def _number(items: dict[str, bytes], key: str) -> int:
    value = items.get(key)
    if value is None or len(value) not in (4, 8):
        raise _damaged()
    return int.from_bytes(value, "little")


def _kdf(items: dict[str, bytes]) -> KdbxKdf:
    kdf_id, salt = items.get("$UUID"), items.get("S")
    if salt is None:
        raise _damaged()
    if kdf_id == AES_KDF:
        return KdbxKdf("aes", salt, rounds=_number(items, "R"))
    if kdf_id in (ARGON2D, ARGON2ID):
        return KdbxKdf(
            "argon2d" if kdf_id == ARGON2D else "argon2id",
            salt,
            memory_bytes=_number(items, "M"),
            passes=_number(items, "I"),
            lanes=_number(items, "P"),
            version=_number(items, "V"),
        )
    raise ImportFormatError("this KeePass database uses a key derivation tuiauth does not know")
