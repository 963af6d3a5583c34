"""Builds Google Authenticator transfer payloads for tests (an independent protobuf writer)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import quote


def varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative numbers as 64-bit two's complement (10 bytes)
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field(number: int, value: int | bytes | str) -> bytes:
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    raw = value.encode() if isinstance(value, str) else value
    return varint(number << 3 | 2) + varint(len(raw)) + raw


@dataclass
class Otp:
    secret: bytes
    name: str
    issuer: str = ""
    algorithm: int = 1
    digits: int = 1
    type: int = 2
    counter: int = 0

    def encode(self) -> bytes:
        return (
            field(1, self.secret)
            + field(2, self.name)
            + field(3, self.issuer)
            + field(4, self.algorithm)
            + field(5, self.digits)
            + field(6, self.type)
            + field(7, self.counter)
        )


def payload(otps: list[Otp], batch_size: int = 1, batch_index: int = 0, batch_id: int = 0) -> bytes:
    body = b"".join(field(1, o.encode()) for o in otps)
    return body + field(2, 1) + field(3, batch_size) + field(4, batch_index) + field(5, batch_id)


def uri(blob: bytes, *, percent_encode: bool = True, padding: bool = True) -> str:
    data = base64.b64encode(blob).decode()
    if not padding:
        data = data.rstrip("=")
    return "otpauth-migration://offline?data=" + (quote(data, safe="") if percent_encode else data)
