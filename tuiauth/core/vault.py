"""The Vault: an unlocked sealed file on disk and the accounts it holds.

Opening reads and authenticates the file; ``write=True`` (and ``create``) also take the writer lock
for the Vault's lifetime, so one process at a time can change it. Every save is a new generation
whose header names the hash of the file it replaces (``parent``), written atomically.
"""

from __future__ import annotations

import gc
import socket
import threading
from pathlib import Path
from types import TracebackType

from . import crypto, sealed, vaultfile
from .crypto import KdfParams
from .errors import VaultError, VaultExistsError, VaultMissingError
from .sealed import SealedHeader, Slot
from .vaultdata import VaultData


class Vault:
    """An open vault. The master key stays inside; ``repr`` shows no secret."""

    path: Path
    data: VaultData
    vault_id: str
    generation: int
    writable: bool

    def __init__(
        self,
        path: Path,
        data: VaultData,
        *,
        mk: bytes,
        header: SealedHeader,
        file_hash: str,
        lock: vaultfile.VaultLock | None,
    ) -> None:
        self.path = path
        self.data = data
        self.vault_id = header.vault_id
        self.generation = header.generation
        self.writable = lock is not None
        self.device_name = header.device
        self._mk = mk
        self._slots: tuple[Slot, ...] = header.slots
        self._file_hash = file_hash
        self._lock = lock
        #: Saves from different threads (a change and an automatic backup's state) take turns.
        self._saving = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"Vault(path={str(self.path)!r}, generation={self.generation}, "
            f"accounts={len(self.data.accounts)}, writable={self.writable})"
        )

    # --- creating and opening ------------------------------------------------------------------------
    @staticmethod
    def exists(path: Path) -> bool:
        return path.is_file()

    @classmethod
    def create(
        cls,
        path: Path,
        password: str,
        *,
        kdf: KdfParams | None = None,
        device_name: str | None = None,
    ) -> tuple[Vault, str]:
        """Create a new vault (VaultExistsError if one exists); returns it open for writing (lock
        held) and the formatted recovery key (shown once)."""
        if cls.exists(path):
            raise VaultExistsError(f"a vault already exists at {path}")
        try:
            vaultfile.ensure_folder(path.parent)
        except OSError as exc:
            raise VaultError(f"cannot create the folder {path.parent}: {exc.strerror}") from None
        lock = vaultfile.VaultLock(path)
        lock.acquire()
        try:
            if cls.exists(path):
                raise VaultExistsError(f"a vault already exists at {path}")
            vaultfile.sweep_temp_files(path, lock)
            mk = crypto.random_bytes(crypto.KEY_SIZE)
            vault_id = crypto.random_bytes(16).hex()
            recovery_key = crypto.new_recovery_key()
            slots = (
                sealed.new_password_slot(mk, vault_id, password, kdf or crypto.calibrate_kdf()),
                sealed.new_recovery_slot(mk, vault_id, recovery_key),
            )
            data = VaultData(recovery_key=recovery_key.hex())
            blob = sealed.seal(
                mk,
                data.to_json(),
                vault_id=vault_id,
                generation=1,
                parent=None,
                slots=slots,
                device_name=device_name or socket.gethostname(),
            )
            file_hash = vaultfile.save_checked(path, blob, None, lock)
        except OSError as exc:
            lock.release()
            raise VaultError(f"cannot create the vault at {path}: {exc.strerror}") from None
        except BaseException:
            lock.release()
            raise
        header = sealed.read_header(blob)
        vault = cls(path, data, mk=mk, header=header, file_hash=file_hash, lock=lock)
        return vault, crypto.format_recovery_key(recovery_key)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        password: str | None = None,
        recovery_key: str | None = None,
        write: bool = False,
    ) -> Vault:
        """VaultMissingError if absent. write=True takes the lock for the Vault's lifetime."""
        if (password is None) == (recovery_key is None):
            raise ValueError("give exactly one of password or recovery_key")
        if not cls.exists(path):
            raise VaultMissingError(f"there is no vault at {path}: create one with `tuiauth init`")
        lock = vaultfile.VaultLock(path) if write else None
        try:
            if lock is not None:
                lock.acquire()
                vaultfile.sweep_temp_files(path, lock)
            else:
                vaultfile.sweep_if_unlocked(path)
            try:
                blob = vaultfile.read_capped(path)
            except FileNotFoundError:
                raise VaultMissingError(f"there is no vault at {path}: create one with `tuiauth init`") from None
            except OSError as exc:
                raise VaultError(f"cannot read the vault file {path}: {exc.strerror}") from None
            header = sealed.read_header(blob)
            if password is not None:
                mk = sealed.unlock_password(header, password)
            else:
                assert recovery_key is not None
                mk = sealed.unlock_recovery(header, recovery_key)
            data = _load_body(sealed.open_body(blob, header, mk))
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, data, mk=mk, header=header, file_hash=sealed.file_hash(blob), lock=lock)

    # --- changing -------------------------------------------------------------------------------------
    def save(self) -> None:
        """Write the next generation atomically; ``VaultChangedError`` if the file changed on disk."""
        lock = self._require_lock()
        with self._saving:
            blob = sealed.seal(
                self._mk,
                self.data.to_json(),
                vault_id=self.vault_id,
                generation=self.generation + 1,
                parent=self._file_hash,
                slots=self._slots,
                device_name=self.device_name,
            )
            try:
                self._file_hash = vaultfile.save_checked(self.path, blob, self._file_hash, lock)
            except OSError as exc:
                raise VaultError(f"the vault could not be saved: {exc.strerror}") from None
            self.generation += 1

    def change_password(self, new_password: str, kdf: KdfParams | None = None) -> None:
        """Rewrap only the password slot (MK and recovery slot unchanged), then save."""
        self._require_lock()
        previous = self._slots
        self._slots = sealed.replace_password_slot(
            previous, self._mk, self.vault_id, new_password, kdf or crypto.calibrate_kdf()
        )
        try:
            self.save()
        except BaseException:
            self._slots = previous
            raise

    def make_writable(self) -> None:
        """Take the writer lock now (a read-only open that turns out to need a save, e.g. an HOTP
        code); the next save still refuses if the file changed since it was loaded."""
        if self._lock is None:
            lock = vaultfile.VaultLock(self.path)
            lock.acquire()
            self._lock = lock
            self.writable = True

    def close(self) -> None:
        """Release the lock; idempotent."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.writable = False

    def __enter__(self) -> Vault:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _require_lock(self) -> vaultfile.VaultLock:
        if self._lock is None:
            raise VaultError("the vault was opened read-only (or closed): open it for writing to save")
        return self._lock


def _load_body(body: bytes) -> VaultData:
    """Deserialise with the cyclic GC paused: building 10,000 accounts otherwise triggers several
    full collections for no garbage at all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return VaultData.from_json(body)
    finally:
        if enabled:
            gc.enable()
