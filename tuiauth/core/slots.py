"""Key slots of a sealed file: each one wraps the same master key (MK) under its own key.

A slot is ``AES-256-GCM(KEK, MK)`` with AAD binding it to the vault id and the slot type, so a slot
copied from another vault (or relabelled as another type) never unwraps. The KEK comes from:

- ``password``: Argon2id(password, salt) with the parameters recorded in the slot;
- ``recovery``: HKDF-SHA256(recovery key, salt) — the key is 256 random bits, no stretching needed;
- ``device``: HKDF-SHA256(device key, salt) — a key kept by one device; never written into a backup.

KDF parameters read from a file are checked against the caps *before* anything is derived.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from . import crypto
from .crypto import KdfParams
from .errors import CorruptFileError, SecretError, UnsafeParametersError, WrongPasswordError

SLOT_TYPES = ("password", "recovery", "device")
SLOT_KDF = "argon2id"
WRAPPED_SIZE = crypto.KEY_SIZE + 16  # the master key plus the GCM tag
MAX_DEVICE_NAME = 256
_RECOVERY_INFO = b"tuiauth-recovery-slot-v1"
_DEVICE_INFO = b"tuiauth-device-slot-v1"


@dataclass(frozen=True)
class Slot:
    """One wrap of the master key. ``kdf`` is set for password slots, ``device`` for device slots."""

    type: str
    salt: bytes
    nonce: bytes
    wrapped: bytes
    kdf: KdfParams | None = None
    device: str | None = None

    def __repr__(self) -> str:
        return f"Slot(type={self.type!r}, kdf={self.kdf!r}, device={self.device!r})"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "salt": self.salt.hex(),
            "nonce": self.nonce.hex(),
            "key": self.wrapped.hex(),
        }
        if self.kdf is not None:
            out.update(kdf=SLOT_KDF, m=self.kdf.memory_kib, t=self.kdf.iterations, p=self.kdf.lanes)
        if self.device is not None:
            out["device"] = self.device
        return out

    @classmethod
    def from_json(cls, raw: object) -> Slot:
        """Validate one slot read from a header; ``CorruptFileError`` names what is wrong."""
        if not isinstance(raw, dict):
            raise CorruptFileError("the file's header is malformed (a key slot is not an object)")
        kind = raw.get("type")
        expected = {"type", "salt", "nonce", "key"}
        if kind == "password":
            expected |= {"kdf", "m", "t", "p"}
        elif kind == "device":
            expected |= {"device"}
        elif kind != "recovery":
            raise CorruptFileError("the file's header is malformed (unknown key slot type)")
        if set(raw) != expected:
            raise CorruptFileError(f"the file's header is malformed (the {kind} slot has wrong fields)")
        kdf = None
        if kind == "password":
            if raw["kdf"] != SLOT_KDF:
                raise UnsafeParametersError("the file's password slot uses an unknown key derivation")
            kdf = KdfParams(_int(raw["m"]), _int(raw["t"]), _int(raw["p"]))
        device = None
        if kind == "device":
            device = raw["device"]
            if not isinstance(device, str) or len(device) > MAX_DEVICE_NAME:
                raise CorruptFileError("the file's header is malformed (bad device name in a slot)")
        return cls(
            type=kind,
            salt=_hex(raw["salt"], crypto.SALT_SIZE),
            nonce=_hex(raw["nonce"], crypto.NONCE_SIZE),
            wrapped=_hex(raw["key"], WRAPPED_SIZE),
            kdf=kdf,
            device=device,
        )


def _int(value: object) -> int:
    if type(value) is not int:
        raise CorruptFileError("the file's header is malformed (a KDF parameter is not an integer)")
    return value


def _hex(value: object, size: int) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * size:
        raise CorruptFileError("the file's header is malformed (a key slot field has the wrong size)")
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise CorruptFileError("the file's header is malformed (a key slot field is not hex)") from None


def _aad(vault_id: str, slot_type: str) -> bytes:
    return b"tuiauth-slot-v1\0" + vault_id.encode("ascii") + b"\0" + slot_type.encode("ascii")


def _password_bytes(password: str) -> bytes:
    """NFC-normalised UTF-8, so the same password typed on another system still matches."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _wrap(kek: bytes, mk: bytes, vault_id: str, **fields: Any) -> Slot:
    slot_type = fields.pop("type")
    nonce, wrapped = crypto.aes_gcm_encrypt(kek, mk, _aad(vault_id, slot_type))
    return Slot(type=slot_type, nonce=nonce, wrapped=wrapped, **fields)


def _unwrap(kek: bytes, slot: Slot, vault_id: str) -> bytes | None:
    try:
        return crypto.aes_gcm_decrypt(kek, slot.nonce, slot.wrapped, _aad(vault_id, slot.type))
    except crypto.DecryptionError:
        return None


# --- creating slots ------------------------------------------------------------------------------
def new_password_slot(mk: bytes, vault_id: str, password: str, kdf: KdfParams) -> Slot:
    salt = crypto.random_bytes(crypto.SALT_SIZE)
    kek = crypto.argon2id(_password_bytes(password), salt, kdf)
    return _wrap(kek, mk, vault_id, type="password", salt=salt, kdf=kdf)


def new_recovery_slot(mk: bytes, vault_id: str, recovery_key: bytes) -> Slot:
    salt = crypto.random_bytes(crypto.SALT_SIZE)
    kek = crypto.hkdf(recovery_key, salt, _RECOVERY_INFO)
    return _wrap(kek, mk, vault_id, type="recovery", salt=salt)


def new_device_slot(mk: bytes, vault_id: str, device_key: bytes, device_name: str) -> Slot:
    salt = crypto.random_bytes(crypto.SALT_SIZE)
    kek = crypto.hkdf(device_key, salt, _DEVICE_INFO)
    return _wrap(kek, mk, vault_id, type="device", salt=salt, device=device_name[:MAX_DEVICE_NAME])


def replace_password_slot(
    slots: tuple[Slot, ...], mk: bytes, vault_id: str, password: str, kdf: KdfParams
) -> tuple[Slot, ...]:
    """The same slots with every password slot replaced by one new slot (the others untouched)."""
    new = new_password_slot(mk, vault_id, password, kdf)
    return (new, *(s for s in slots if s.type != "password"))


# --- opening slots -------------------------------------------------------------------------------
def unlock_password_slots(slots: tuple[Slot, ...], vault_id: str, password: str, what: str) -> bytes:
    candidates = [(s, s.kdf) for s in slots if s.type == "password" and s.kdf is not None]
    if not candidates:
        raise WrongPasswordError(f"the {what} has no password slot: open it with the recovery key")
    for _, kdf in candidates:
        try:
            crypto.check_argon2(kdf)
        except UnsafeParametersError as exc:
            raise UnsafeParametersError(
                f"refusing to open the {what}: its key-derivation settings are unsafe ({exc.message})"
            ) from None
    secret = _password_bytes(password)
    for slot, kdf in candidates:
        mk = _unwrap(crypto.argon2id(secret, slot.salt, kdf), slot, vault_id)
        if mk is not None:
            return mk
    raise WrongPasswordError(f"wrong password: it does not open this {what}")


def unlock_recovery_slots(slots: tuple[Slot, ...], vault_id: str, key_text: str, what: str) -> bytes:
    try:
        key = crypto.parse_recovery_key(key_text)
    except SecretError as exc:
        raise WrongPasswordError(exc.message) from None
    for slot in slots:
        if slot.type == "recovery":
            mk = _unwrap(crypto.hkdf(key, slot.salt, _RECOVERY_INFO), slot, vault_id)
            if mk is not None:
                return mk
    raise WrongPasswordError(f"that recovery key does not open this {what}")


def unlock_device_slots(slots: tuple[Slot, ...], vault_id: str, device_key: bytes, what: str) -> bytes:
    for slot in slots:
        if slot.type == "device":
            mk = _unwrap(crypto.hkdf(device_key, slot.salt, _DEVICE_INFO), slot, vault_id)
            if mk is not None:
                return mk
    raise WrongPasswordError(f"this device's key does not open this {what}")
