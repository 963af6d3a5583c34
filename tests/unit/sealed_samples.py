"""Sealed files built for the format-rule tests: a sample with every slot type, and re-framing of
edited header bytes under a correct outer checksum (an informed attacker, or a buggy writer)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from tuiauth.core import crypto, sealed
from tuiauth.core.crypto import TEST_KDF

PASSWORD = "correct horse battery staple"
PREFIX = len(sealed.MAGIC) + 32


def frame(raw: bytes, body: bytes, size: int | None = None) -> bytes:
    """A sealed file around header bytes ``raw`` with a correct outer checksum."""
    rest = (len(raw) if size is None else size).to_bytes(4, "big") + raw + body
    return sealed.MAGIC + hashlib.sha256(rest).digest() + rest


class Sample:
    def __init__(self, kind: str = "vault", body: bytes = b"{}") -> None:
        self.mk = crypto.random_bytes(32)
        self.vault_id = crypto.random_bytes(16).hex()
        self.recovery = crypto.new_recovery_key()
        self.device_key = crypto.random_bytes(32)
        self.slots = (
            sealed.new_password_slot(self.mk, self.vault_id, PASSWORD, TEST_KDF),
            sealed.new_recovery_slot(self.mk, self.vault_id, self.recovery),
            sealed.new_device_slot(self.mk, self.vault_id, self.device_key, "laptop"),
        )
        self.kind = kind
        self.data = self.seal(body)

    def seal(self, body: bytes = b"{}", **kw: Any) -> bytes:
        args: dict[str, Any] = {
            "vault_id": self.vault_id, "generation": 7, "parent": None, "slots": self.slots,
            "device_name": "laptop", "kind": self.kind, **kw,
        }  # fmt: skip
        return sealed.seal(self.mk, body, **args)

    def header(self) -> dict[str, Any]:
        size = int.from_bytes(self.data[PREFIX : PREFIX + 4], "big")
        value: dict[str, Any] = json.loads(self.data[PREFIX + 4 : PREFIX + 4 + size])
        return value

    def with_header(self, **changes: Any) -> bytes:
        """The file with header fields changed (canonical JSON, checksum recomputed)."""
        return frame(sealed.canonical_json({**self.header(), **changes}), b"\0" * 32)
