"""The Vault: an unlocked sealed file on disk and the accounts it holds.

Opening reads and authenticates the file; ``write=True`` (and ``create``) also take the writer lock
for the Vault's lifetime, so one process at a time can change it. Every save is a new generation
whose header names the hash of the file it replaces (``parent``), written atomically.
"""

from __future__ import annotations

import copy
import gc
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from . import crypto, sealed, vaultfile
from .crypto import KdfParams
from .errors import VaultChangedError, VaultError, VaultExistsError, VaultMissingError
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
        #: Saves since opening that changed more than bookkeeping (see ``save``).
        self.changes = 0
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
        on_wait: Callable[[str], None] | None = None,
    ) -> tuple[Vault, str]:
        """Create a new vault (VaultExistsError if one exists); returns it open for writing (lock
        held) and the formatted recovery key (shown once). The key is derived before the lock is
        taken, so another writer is never kept waiting for a derivation."""
        if cls.exists(path):
            raise VaultExistsError(f"a vault already exists at {path}")
        try:
            vaultfile.ensure_folder(path.parent)
        except OSError as exc:
            raise VaultError(f"cannot create the folder {path.parent}: {exc.strerror}") from None
        mk = crypto.random_bytes(crypto.KEY_SIZE)
        vault_id = crypto.random_bytes(16).hex()
        recovery_key = crypto.new_recovery_key()
        slots = (
            sealed.new_password_slot(mk, vault_id, password, kdf or crypto.calibrate_kdf()),
            sealed.new_recovery_slot(mk, vault_id, recovery_key),
        )
        lock = vaultfile.VaultLock(path)
        lock.acquire(on_wait=on_wait)
        try:
            if cls.exists(path):
                raise VaultExistsError(f"a vault already exists at {path}")
            vaultfile.sweep_temp_files(path, lock)
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
        on_wait: Callable[[str], None] | None = None,
    ) -> Vault:
        """VaultMissingError if absent. write=True takes the lock for the Vault's lifetime — after the
        key is derived (waiting for another writer, ``on_wait`` told so), then reads the file again."""
        if (password is None) == (recovery_key is None):
            raise ValueError("give exactly one of password or recovery_key")
        if not cls.exists(path):
            raise VaultMissingError(f"there is no vault at {path}: create one with `tuiauth init`")
        if not write:
            vaultfile.sweep_if_unlocked(path)
        blob = _read(path)
        header = sealed.read_header(blob)
        if password is not None:
            mk = sealed.unlock_password(header, password)
        else:
            assert recovery_key is not None
            mk = sealed.unlock_recovery(header, recovery_key)
        body = sealed.open_body(blob, header, mk)
        lock = None
        if write:
            lock = vaultfile.VaultLock(path)
            lock.acquire(on_wait=on_wait)
            try:
                vaultfile.sweep_temp_files(path, lock)
                latest = _read(path)
                if latest != blob:  # another writer saved while the key was derived: open its version
                    blob, header = latest, sealed.read_header(latest)
                    try:
                        body = sealed.open_body(blob, header, mk)
                    except VaultError:
                        raise VaultChangedError(
                            "the vault file was replaced while it was being unlocked: unlock it again"
                        ) from None
            except BaseException:
                lock.release()
                raise
        try:
            data = load_body(body)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, data, mk=mk, header=header, file_hash=sealed.file_hash(blob), lock=lock)

    # --- changing -------------------------------------------------------------------------------------
    def save(self, *, state_only: bool = False) -> None:
        """Write the next generation atomically; ``VaultChangedError`` if the file changed on disk.

        ``state_only``: only bookkeeping changed (a backup location's state or settings), nothing a
        backup carries; other saves count in ``changes``, which the command line watches to back up
        after every change (``tuiauth.commands.common.open_vault``).
        """
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
            if not state_only:
                self.changes += 1

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

    @property
    def has_recovery_key(self) -> bool:
        """True when a recovery key opens this vault (it has a recovery slot)."""
        return any(s.type == "recovery" for s in self._slots)

    def rotate_recovery_key(self) -> str:
        """Replace the recovery key and save; returns the new one, formatted (shown once).

        The old key stops opening the vault, and every backup location's key set carries the new
        key instead of the old one from its next backup on (``BackupKeys.rekeyed``). Backups made
        before keep the old key's slot: they are not rewritten here.
        """
        from .backup.keys import rekey_locations

        self._require_lock()
        key = crypto.new_recovery_key()
        before = (self._slots, self.data.recovery_key, copy.deepcopy(self.data.locations))
        self._slots = (
            *(s for s in self._slots if s.type != "recovery"),
            sealed.new_recovery_slot(self._mk, self.vault_id, key),
        )
        rekey_locations(self.data.locations, self.data.recovery_key, key.hex())
        self.data.recovery_key = key.hex()
        try:
            self.save()
        except BaseException:
            self._slots, self.data.recovery_key, self.data.locations = before
            raise
        return crypto.format_recovery_key(key)

    def reload(self) -> bool:
        """Read the file again if another process saved it since (another session, a restore); True
        when it had changed. The key held here must still open it: ``VaultChangedError`` when the
        file now holds another vault."""
        blob = _read(self.path)
        file_hash = sealed.file_hash(blob)
        if file_hash == self._file_hash:
            return False
        header = sealed.read_header(blob)
        try:
            if header.vault_id != self.vault_id:
                raise VaultError("another vault")
            data = load_body(sealed.open_body(blob, header, self._mk))
        except VaultError:
            raise VaultChangedError("the vault file now holds another vault: unlock it again") from None
        self.data, self.generation, self.device_name = data, header.generation, header.device
        self._slots, self._file_hash = header.slots, file_hash
        return True

    def make_writable(self, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the writer lock now (a read-only open that turns out to need a save, e.g. an HOTP
        code); the next save still refuses if the file changed since it was loaded."""
        if self._lock is None:
            lock = vaultfile.VaultLock(self.path)
            lock.acquire(on_wait=on_wait)
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


def _read(path: Path) -> bytes:
    try:
        return vaultfile.read_capped(path)
    except FileNotFoundError:
        raise VaultMissingError(f"there is no vault at {path}: create one with `tuiauth init`") from None
    except OSError as exc:
        raise VaultError(f"cannot read the vault file {path}: {exc.strerror}") from None


def load_body(body: bytes) -> VaultData:
    """Deserialise with the cyclic GC paused: building 10,000 accounts otherwise triggers several
    full collections for no garbage at all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return VaultData.from_json(body)
    finally:
        if enabled:
            gc.enable()
