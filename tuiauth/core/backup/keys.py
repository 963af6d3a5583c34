"""The backup key set of one location: a backup master key (MK_b) and the slots that wrap it.

Created once when backup is turned on — a password slot (Argon2id of the recovery secret) and a
recovery slot (the vault's recovery key, so the one recovery key opens the backups too) — and kept
inside the encrypted vault, so automatic backups never derive a key nor need the secret again.
Backups never carry device slots.

When the vault's recovery key is replaced (``rekeyed``), the slot the old key opened is dropped and
its salt remembered in ``retired``: the backups already at a location still carry that slot, and
``with_slots`` (which keeps the slots other vaults added there) must not bring it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .. import crypto, sealed
from ..crypto import KdfParams
from ..errors import CorruptFileError, WrongPasswordError
from ..sealed import MAX_SLOTS, SealedHeader, Slot
from ..slots import unlock_recovery_slots

#: At most this many recovery slots (one per vault that joined the backup set).
MAX_RECOVERY_SLOTS = 8


@dataclass(frozen=True)
class BackupKeys:
    backup_id: str
    mk: bytes
    slots: tuple[Slot, ...]
    #: Salts of recovery slots this vault retired (an old recovery key): never carried again.
    retired: frozenset[bytes] = frozenset()

    def __repr__(self) -> str:
        return f"BackupKeys(backup_id={self.backup_id!r}, slots={len(self.slots)})"

    @classmethod
    def create(cls, secret: str, kdf: KdfParams, recovery_key_hex: str) -> BackupKeys:
        """A new backup set: fresh MK_b and id, a password slot and (if the vault has one) a recovery slot."""
        mk = crypto.random_bytes(crypto.KEY_SIZE)
        backup_id = crypto.random_bytes(16).hex()
        slots = [sealed.new_password_slot(mk, backup_id, secret, kdf)]
        if recovery_key_hex:
            slots.append(sealed.new_recovery_slot(mk, backup_id, bytes.fromhex(recovery_key_hex)))
        return cls(backup_id, mk, tuple(slots))

    @classmethod
    def join(cls, header: SealedHeader, secret: str, recovery_key_hex: str) -> BackupKeys:
        """Adopt an existing backup set whose password slot opens with ``secret`` (WrongPasswordError
        otherwise); this vault's recovery key gets its own slot when none of the set's opens with it."""
        mk = sealed.unlock_password(header, secret)
        slots = tuple(s for s in header.slots if s.type != "device")
        if recovery_key_hex and not _recovery_opens(header, recovery_key_hex):
            recovery = [s for s in slots if s.type == "recovery"]
            if len(recovery) < MAX_RECOVERY_SLOTS:
                slots = (*slots, sealed.new_recovery_slot(mk, header.vault_id, bytes.fromhex(recovery_key_hex)))
        return cls(header.vault_id, mk, slots)

    def with_slots(self, others: Iterable[Slot]) -> BackupKeys:
        """These keys with the slots of ``others`` that they lack (a joined vault's recovery slot)."""
        known = {(s.type, s.salt) for s in self.slots}
        extra: list[Slot] = []
        for slot in others:
            if slot.type != "device" and (slot.type, slot.salt) not in known and slot.salt not in self.retired:
                known.add((slot.type, slot.salt))
                extra.append(slot)
        if not extra:
            return self
        return BackupKeys(self.backup_id, self.mk, (*self.slots, *extra)[:MAX_SLOTS], self.retired)

    def rekeyed(self, old_key_hex: str, new_key_hex: str) -> BackupKeys:
        """These keys with the recovery slot(s) ``old_key_hex`` opens replaced by one for ``new_key_hex``
        (other vaults' recovery slots stay)."""
        old = crypto.format_recovery_key(bytes.fromhex(old_key_hex)) if old_key_hex else None
        dropped = [s for s in self.slots if s.type == "recovery" and old is not None and _opens(s, self, old)]
        kept = tuple(s for s in self.slots if s not in dropped)
        new = sealed.new_recovery_slot(self.mk, self.backup_id, bytes.fromhex(new_key_hex))
        retired = self.retired | {s.salt for s in dropped}
        return BackupKeys(self.backup_id, self.mk, (*kept, new)[:MAX_SLOTS], retired)

    def opens_with(self, key_hex: str) -> bool:
        """True when one of these slots opens with the recovery key ``key_hex``."""
        key = crypto.format_recovery_key(bytes.fromhex(key_hex))
        return any(s.type == "recovery" and _opens(s, self, key) for s in self.slots)

    def seal(self, body: bytes, *, generation: int, parent: str | None, device_name: str, time: str) -> bytes:
        return sealed.seal(
            self.mk,
            body,
            vault_id=self.backup_id,
            generation=generation,
            parent=parent,
            slots=self.slots,
            device_name=device_name,
            kind="backup",
            time=time,
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "backup_id": self.backup_id,
            "mk": self.mk.hex(),
            "slots": [s.to_json() for s in self.slots],
        }
        if self.retired:
            out["retired"] = sorted(salt.hex() for salt in self.retired)
        return out

    @classmethod
    def from_json(cls, raw: Any) -> BackupKeys:
        try:
            return cls(
                str(raw["backup_id"]),
                bytes.fromhex(raw["mk"]),
                tuple(Slot.from_json(s) for s in raw["slots"]),
                frozenset(bytes.fromhex(salt) for salt in raw.get("retired", ())),
            )
        except (KeyError, TypeError, ValueError):
            raise CorruptFileError("the vault's backup settings for a location are damaged") from None


def _opens(slot: Slot, keys: BackupKeys, key_text: str) -> bool:
    try:
        return unlock_recovery_slots((slot,), keys.backup_id, key_text, "backup") == keys.mk
    except WrongPasswordError:
        return False


def rekey_locations(locations: dict[str, Any], old_key_hex: str, new_key_hex: str) -> None:
    """Give every stored backup location's key set the new recovery key in place of the old one."""
    from .state import LocationRecord

    for name, raw in locations.items():
        record = LocationRecord.from_json(raw)
        record.keys = record.keys.rekeyed(old_key_hex, new_key_hex)
        locations[name] = record.to_json()


def _recovery_opens(header: SealedHeader, recovery_key_hex: str) -> bool:
    try:
        sealed.unlock_recovery(header, crypto.format_recovery_key(bytes.fromhex(recovery_key_hex)))
    except WrongPasswordError:
        return False
    return True
