"""The sealed file: one format for the vault, its local copies and the backups (docs/security.md).

Layout::

    MAGIC | SHA-256(rest) | header length (4 bytes, big-endian) | canonical JSON header | body

The body is AES-256-GCM under ``HKDF-SHA256(MK, save_salt, "vault-content-v1")`` — a fresh key on
every save — with ``MAGIC + header`` as AAD, so the header (generation, parent, slots…) is
authenticated too. The outer SHA-256 is not a secret: it only tells a damaged file (truncated,
flipped bytes) apart from a wrong password or an edit made by someone who recomputed it.

Reading checks, in order: size caps, magic, checksum, header shape, KDF caps (before deriving),
slot unwrap, body authentication — each failure has its own error type and message.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from . import crypto
from .errors import CorruptFileError, TamperedFileError, UnsafeParametersError
from .slots import (
    Slot,
    new_device_slot,
    new_password_slot,
    new_recovery_slot,
    replace_password_slot,
    unlock_device_slots,
    unlock_password_slots,
    unlock_recovery_slots,
)

__all__ = [
    "FORMAT_VERSION",
    "KINDS",
    "MAGIC",
    "SealedHeader",
    "Slot",
    "file_hash",
    "new_device_slot",
    "new_password_slot",
    "new_recovery_slot",
    "open_body",
    "read_header",
    "replace_password_slot",
    "seal",
    "unlock_device",
    "unlock_password",
    "unlock_recovery",
]

MAGIC = b"TUIAUTH-SEALED\r\n"
FORMAT_VERSION = 1
KINDS = ("vault", "backup")
BODY_INFO = b"vault-content-v1"
MAX_FILE_SIZE = 64 * 1024 * 1024
MAX_HEADER_SIZE = 1024 * 1024
MAX_SLOTS = 32
MAX_TEXT = 256
_DIGEST = 32
_PREFIX = len(MAGIC) + _DIGEST + 4
_HEADER_KEYS = {
    "format", "kind", "vault_id", "generation", "parent", "slots", "save_salt", "nonce", "device", "time",
}  # fmt: skip


@dataclass(frozen=True)
class SealedHeader:
    """A parsed header. ``raw`` is the exact bytes read (part of the body's AAD)."""

    kind: str
    vault_id: str
    generation: int
    parent: str | None
    slots: tuple[Slot, ...]
    save_salt: bytes
    nonce: bytes
    device: str
    time: str
    version: int = FORMAT_VERSION
    raw: bytes = field(default=b"", repr=False, compare=False)
    #: Where the ciphertext starts in the file the header was read from.
    body_offset: int = field(default=0, repr=False, compare=False)

    @property
    def what(self) -> str:
        """How messages name the file: "vault" or "backup"."""
        return self.kind

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.version,
            "kind": self.kind,
            "vault_id": self.vault_id,
            "generation": self.generation,
            "parent": self.parent,
            "slots": [s.to_json() for s in self.slots],
            "save_salt": self.save_salt.hex(),
            "nonce": self.nonce.hex(),
            "device": self.device,
            "time": self.time,
        }


def canonical_json(obj: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: one byte string per header."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def file_hash(data: bytes) -> str:
    """Hex SHA-256 of a whole sealed file: the ``parent`` of the next save, the changed-on-disk check."""
    return crypto.sha256(data).hex()


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- writing -------------------------------------------------------------------------------------
def seal(
    mk: bytes,
    body: bytes,
    *,
    vault_id: str,
    generation: int,
    parent: str | None,
    slots: tuple[Slot, ...],
    device_name: str,
    kind: str = "vault",
    time: str | None = None,
) -> bytes:
    """Encrypt ``body`` under a fresh per-save key and frame it. Backups never carry device slots."""
    if kind not in KINDS:
        raise ValueError(f"unknown sealed-file kind {kind!r}")
    if kind == "backup":
        slots = tuple(s for s in slots if s.type != "device")
    save_salt = crypto.random_bytes(crypto.SALT_SIZE)
    nonce = crypto.random_bytes(crypto.NONCE_SIZE)
    header = SealedHeader(
        kind=kind,
        vault_id=vault_id,
        generation=generation,
        parent=parent,
        slots=slots,
        save_salt=save_salt,
        nonce=nonce,
        device=device_name[:MAX_TEXT],
        time=time or utc_now(),
    )
    raw = canonical_json(header.to_json())
    if len(raw) > MAX_HEADER_SIZE:
        raise ValueError("the sealed-file header is too large")
    key = crypto.hkdf(mk, save_salt, BODY_INFO)
    ciphertext = crypto.aes_gcm_encrypt_with_nonce(key, nonce, body, MAGIC + raw)
    framed = struct.pack(">I", len(raw)) + raw
    digest = crypto.sha256_parts(framed, ciphertext)
    return b"".join((MAGIC, digest, framed, ciphertext))


# --- reading -------------------------------------------------------------------------------------
def read_header(data: bytes, *, what: str = "vault file") -> SealedHeader:
    """Check size, magic and checksum, then parse and validate the header (nothing is derived)."""
    if len(data) > MAX_FILE_SIZE:
        raise UnsafeParametersError(
            f"the {what} is too large ({len(data)} bytes; at most {MAX_FILE_SIZE // 2**20} MiB)"
        )
    if not data.startswith(MAGIC[: min(len(data), len(MAGIC))]):
        raise CorruptFileError(f"the {what} is not a tuiauth sealed file (unknown format)")
    damaged = CorruptFileError(
        f"the {what} is damaged (truncated or changed bytes): restore a previous copy or a backup"
    )
    if len(data) < _PREFIX or not crypto.constant_time_equal(
        crypto.sha256(data[len(MAGIC) + _DIGEST :]), data[len(MAGIC) : len(MAGIC) + _DIGEST]
    ):
        raise damaged
    (size,) = struct.unpack(">I", data[_PREFIX - 4 : _PREFIX])
    if size > MAX_HEADER_SIZE:
        raise UnsafeParametersError(f"the {what}'s header is too large ({size} bytes; at most 1 MiB)")
    if _PREFIX + size + 16 > len(data):
        raise damaged
    raw = data[_PREFIX : _PREFIX + size]
    return _parse_header(raw, _PREFIX + size, what)


def _parse_header(raw: bytes, body_offset: int, what: str) -> SealedHeader:
    malformed = f"the {what}'s header is malformed"
    try:
        obj = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise CorruptFileError(f"{malformed} (not JSON)") from None
    if not isinstance(obj, dict) or set(obj) != _HEADER_KEYS:
        raise CorruptFileError(f"{malformed} (wrong fields)")
    version = obj["format"]
    if type(version) is not int:
        raise CorruptFileError(f"{malformed} (bad format version)")
    if version != FORMAT_VERSION:
        raise CorruptFileError(
            f"the {what} uses sealed-file format {version}; this tuiauth reads format {FORMAT_VERSION}: update tuiauth"
        )
    if canonical_json(obj) != raw:
        raise CorruptFileError(f"{malformed} (not canonical JSON)")
    kind, vault_id, generation, parent = obj["kind"], obj["vault_id"], obj["generation"], obj["parent"]
    if kind not in KINDS:
        raise CorruptFileError(f"{malformed} (unknown kind)")
    if not _is_hex(vault_id, 32):
        raise CorruptFileError(f"{malformed} (bad vault id)")
    if type(generation) is not int or not 0 <= generation < 2**63:
        raise CorruptFileError(f"{malformed} (bad generation)")
    if parent is not None and not _is_hex(parent, 64):
        raise CorruptFileError(f"{malformed} (bad parent hash)")
    slots = obj["slots"]
    if not isinstance(slots, list) or not 1 <= len(slots) <= MAX_SLOTS:
        raise CorruptFileError(f"{malformed} (bad key slots)")
    device, time = obj["device"], obj["time"]
    if not isinstance(device, str) or not isinstance(time, str) or max(len(device), len(time)) > MAX_TEXT:
        raise CorruptFileError(f"{malformed} (bad device name or time)")
    if not _is_hex(obj["save_salt"], 2 * crypto.SALT_SIZE) or not _is_hex(obj["nonce"], 2 * crypto.NONCE_SIZE):
        raise CorruptFileError(f"{malformed} (bad salt or nonce)")
    return SealedHeader(
        kind=kind,
        vault_id=vault_id,
        generation=generation,
        parent=parent,
        slots=tuple(Slot.from_json(s) for s in slots),
        save_salt=bytes.fromhex(obj["save_salt"]),
        nonce=bytes.fromhex(obj["nonce"]),
        device=device,
        time=time,
        raw=raw,
        body_offset=body_offset,
    )


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


_HEX = frozenset("0123456789abcdef")


def _is_hex(value: object, length: int) -> bool:
    return isinstance(value, str) and len(value) == length and set(value) <= _HEX


def unlock_password(header: SealedHeader, password: str) -> bytes:
    """The master key; ``UnsafeParametersError`` (checked first) or ``WrongPasswordError``."""
    return unlock_password_slots(header.slots, header.vault_id, password, header.what)


def unlock_recovery(header: SealedHeader, key_text: str) -> bytes:
    """The master key from the formatted recovery key; ``WrongPasswordError`` if it does not fit."""
    return unlock_recovery_slots(header.slots, header.vault_id, key_text, header.what)


def unlock_device(header: SealedHeader, device_key: bytes) -> bytes:
    return unlock_device_slots(header.slots, header.vault_id, device_key, header.what)


def open_body(data: bytes, header: SealedHeader, mk: bytes) -> bytes:
    """Authenticate and decrypt the body; ``TamperedFileError`` if header or body was edited."""
    key = crypto.hkdf(mk, header.save_salt, BODY_INFO)
    try:
        return crypto.aes_gcm_decrypt(key, header.nonce, data[header.body_offset :], MAGIC + header.raw)
    except crypto.DecryptionError:
        raise TamperedFileError(
            f"the {header.what}'s authenticated header or body does not match: it was modified outside tuiauth"
        ) from None
