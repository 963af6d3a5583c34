"""A minimal protobuf wire-format reader (varints and length-delimited fields), enough for Google
Authenticator's transfer payload without a protobuf dependency.

Every read is bounds-checked: a truncated or hostile buffer raises ``ProtobufError``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...plugin_kit.errors import ImportFormatError

VARINT, FIXED64, LENGTH_DELIMITED, FIXED32 = 0, 1, 2, 5
_MAX_VARINT_BYTES = 10


class ProtobufError(ImportFormatError):
    """The bytes are not a well-formed protobuf message."""


def read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    """(value as unsigned 64-bit, position after it)."""
    value = 0
    for shift_index in range(_MAX_VARINT_BYTES):
        if pos >= len(buf):
            raise ProtobufError("the transfer data is truncated (inside a number)")
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << (7 * shift_index)
        if not byte & 0x80:
            return value & 0xFFFF_FFFF_FFFF_FFFF, pos
    raise ProtobufError("the transfer data has a number longer than 10 bytes")


def fields(buf: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """Yield ``(field number, wire type, value)``; varints as int, length-delimited as bytes,
    fixed-width fields as their little-endian unsigned value."""
    pos = 0
    while pos < len(buf):
        key, pos = read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ProtobufError("the transfer data has a field numbered 0")
        if wire == VARINT:
            value, pos = read_varint(buf, pos)
            yield number, wire, value
        elif wire == LENGTH_DELIMITED:
            length, pos = read_varint(buf, pos)
            if length > len(buf) - pos:
                raise ProtobufError("the transfer data is truncated (a field runs past the end)")
            yield number, wire, buf[pos : pos + length]
            pos += length
        elif wire in (FIXED64, FIXED32):
            size = 8 if wire == FIXED64 else 4
            if size > len(buf) - pos:
                raise ProtobufError("the transfer data is truncated (inside a fixed-size field)")
            yield number, wire, int.from_bytes(buf[pos : pos + size], "little")
            pos += size
        else:
            raise ProtobufError(f"the transfer data uses an unknown wire type {wire}")


def as_int64(value: int) -> int:
    """A varint read as unsigned 64-bit, reinterpreted as two's-complement int64."""
    return value - (1 << 64) if value >= 1 << 63 else value


def as_int32(value: int) -> int:
    """Truncate to 32 bits and reinterpret as int32 (protobuf's rule for int32 fields)."""
    value &= 0xFFFF_FFFF
    return value - (1 << 32) if value >= 1 << 31 else value
