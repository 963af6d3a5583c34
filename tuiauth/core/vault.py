"""The Vault: an unlocked sealed file on disk and the accounts it holds.

Opening reads and authenticates the file; ``write=True`` (and ``create``) allow saving. Every save
takes the writer lock for its moment only and writes a new generation whose header names the hash
of the file it replaces (``parent``), atomically; several sessions share one vault.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import gc
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from . import crypto, sealed, vaultfile, vaultmerge
from .crypto import KdfParams
from .errors import VaultChangedError, VaultError, VaultExistsError, VaultMissingError
from .sealed import SealedHeader, Slot
from .vaultdata import VaultData
from .vaultmerge import MergeConflict


class Vault:
    """An open vault. The master key stays inside; ``repr`` shows no secret.

    Several sessions may have one vault open at once (TUI windows, commands, the agent): the writer
    lock is held only for the moment of a save. ``changed_on_disk`` is a cheap check (one ``stat``)
    that another session saved since; ``reload`` takes its version. A save over a newer file
    replays this session's change onto it (``tuiauth/core/vaultmerge.py``) or refuses, saying what
    the other session changed.
    """

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
        blob: bytes,
        body: bytes,
        writable: bool,
    ) -> None:
        self.path = path
        self.data = data
        self.vault_id = header.vault_id
        self.generation = header.generation
        self.writable = writable
        self.device_name = header.device
        self._mk = mk
        self._slots: tuple[Slot, ...] = header.slots
        self._file_hash = sealed.file_hash(blob)
        #: What was loaded or last saved: the common ancestor of a merge with another session's save.
        self._base_body = body
        self._base_slots = header.slots
        self._stamp = _stamp(path)
        #: Saves since opening that changed more than bookkeeping (see ``save``).
        self.changes = 0
        #: Saves from different threads (a change and an automatic backup's state) take turns.
        self._saving = threading.RLock()
        self._held: vaultfile.VaultLock | None = None
        self._on_wait: Callable[[str], None] | None = None

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
        """Create a new vault (VaultExistsError if one exists); returns it open for writing and the
        formatted recovery key (shown once). The key is derived before the lock is taken, so
        another writer is never kept waiting for a derivation."""
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
        data = VaultData(recovery_key=recovery_key.hex())
        body = data.to_json()
        blob = sealed.seal(
            mk,
            body,
            vault_id=vault_id,
            generation=1,
            parent=None,
            slots=slots,
            device_name=device_name or socket.gethostname(),
        )
        lock = vaultfile.VaultLock(path)
        lock.acquire(on_wait=on_wait)
        try:
            if cls.exists(path):
                raise VaultExistsError(f"a vault already exists at {path}")
            vaultfile.sweep_temp_files(path, lock)
            vaultfile.save_checked(path, blob, None, lock)
        except OSError as exc:
            raise VaultError(f"cannot create the vault at {path}: {exc.strerror}") from None
        finally:
            lock.release()
        header = sealed.read_header(blob)
        vault = cls(path, data, mk=mk, header=header, blob=blob, body=body, writable=True)
        vault._on_wait = on_wait
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
        """VaultMissingError if absent. ``write=True`` allows saving; each save takes the writer
        lock for its moment (waiting for another session's save, ``on_wait`` told so)."""
        if (password is None) == (recovery_key is None):
            raise ValueError("give exactly one of password or recovery_key")
        if not cls.exists(path):
            raise VaultMissingError(f"there is no vault at {path}: create one with `tuiauth init`")
        vaultfile.sweep_if_unlocked(path)
        blob = _read(path)
        header = sealed.read_header(blob)
        if password is not None:
            mk = sealed.unlock_password(header, password)
        else:
            assert recovery_key is not None
            mk = sealed.unlock_recovery(header, recovery_key)
        body = sealed.open_body(blob, header, mk)
        vault = cls(path, load_body(body), mk=mk, header=header, blob=blob, body=body, writable=write)
        vault._on_wait = on_wait
        return vault

    # --- other sessions ----------------------------------------------------------------------------
    def changed_on_disk(self) -> bool:
        """True when the vault file is no longer the one loaded or last saved here (one ``stat``:
        cheap enough for every tick). ``reload`` then takes the other session's version."""
        return _stamp(self.path) != self._stamp

    def reload(self) -> bool:
        """Take the vault file as it is on disk now, if another session saved it; returns whether
        it had changed. ``self.data`` is updated in place (changes not yet saved here are dropped:
        every change saves at once, so there are none unless a save was refused).

        ``VaultChangedError`` when the file is now another vault (another key opens it): unlock again.
        """
        with self._saving:
            stamp = _stamp(self.path)
            blob = _read(self.path)
            if sealed.file_hash(blob) == self._file_hash:
                self._stamp = stamp
                return False
            header, body = self._open_other(blob)
            self._take(header, blob, body, load_body(body), stamp)
            return True

    def _open_other(self, blob: bytes) -> tuple[SealedHeader, bytes]:
        header = sealed.read_header(blob)
        try:
            if header.vault_id != self.vault_id:
                raise VaultError("another vault")
            return header, sealed.open_body(blob, header, self._mk)
        except VaultError:
            raise VaultChangedError(
                "the vault file was replaced by another vault (another key opens it): lock and unlock it again"
            ) from None

    def _take(self, header: SealedHeader, blob: bytes, body: bytes, data: VaultData, stamp: object) -> None:
        for name in ("accounts", "tombstones", "device", "locations", "settings", "recovery_key"):
            setattr(self.data, name, getattr(data, name))
        self.generation = header.generation
        self._slots = self._base_slots = header.slots
        self._file_hash = sealed.file_hash(blob)
        self._base_body = body
        self._stamp = stamp

    # --- changing -------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writer lock for a read-change-save that must see the newest file (an HOTP code:
        ``tuiauth/core/account_ops.py``); saves inside reuse it. Waits up to
        ``vaultfile.LOCK_WAIT`` for another session's save (``VaultLockedError`` after)."""
        self._require_writable()
        with self._saving:
            if self._held is not None:
                yield
                return
            lock = vaultfile.VaultLock(self.path)
            lock.acquire(on_wait=self._on_wait)
            self._held = lock
            try:
                yield
            finally:
                self._held = None
                lock.release()

    def save(self, *, state_only: bool = False) -> None:
        """Write the next generation atomically, under the writer lock for this moment only.

        When another session saved since this one loaded, this session's change is applied to its
        version (the merge of ``tuiauth/core/vaultmerge.py``), or ``VaultChangedError`` says what
        clashed and nothing is written (``self.data`` keeps the change; ``reload`` drops it).
        A file on disk that is not newer (another program put an older copy in place) is refused.

        ``state_only``: only bookkeeping changed (a backup location's state or settings), nothing a
        backup carries; other saves count in ``changes``, which the command line watches to back up
        after every change (``tuiauth.commands.common.open_vault``).
        """
        with self.writing():
            lock = self._held
            assert lock is not None
            parent, generation = self._file_hash, self.generation
            merged: tuple[SealedHeader, bytes, bytes, VaultData] | None = None
            try:
                on_disk = vaultfile.read_capped(self.path)
            except FileNotFoundError:
                on_disk = None
            except OSError as exc:
                raise VaultError(f"the vault could not be read before saving: {exc.strerror}") from None
            if on_disk is not None and sealed.file_hash(on_disk) != parent:
                merged = self._merge_newer(on_disk)
                parent, generation = sealed.file_hash(on_disk), merged[0].generation
            data = merged[3] if merged is not None else self.data
            slots = self._slots if merged is None else merged[0].slots
            body = data.to_json()
            blob = sealed.seal(
                self._mk,
                body,
                vault_id=self.vault_id,
                generation=generation + 1,
                parent=parent,
                slots=slots,
                device_name=self.device_name,
            )
            try:
                vaultfile.save_checked(self.path, blob, parent, lock)
            except OSError as exc:
                raise VaultError(f"the vault could not be saved: {exc.strerror}") from None
            self._take(sealed.read_header(blob), blob, body, data, _stamp(self.path))
            if not state_only:
                self.changes += 1

    def _merge_newer(self, on_disk: bytes) -> tuple[SealedHeader, bytes, bytes, VaultData]:
        """This session's change applied to the newer file ``on_disk``: (its header with the merged
        slots, its bytes, its body, the merged data)."""
        header, body = self._open_other(on_disk)
        if header.generation <= self.generation:
            raise VaultChangedError(
                "the vault file changed on disk since it was opened (another program put an older "
                "version in place); open it again and redo the change"
            )
        if self._slots == self._base_slots:
            slots = header.slots
        elif header.slots == self._base_slots:
            slots = self._slots
        else:
            raise MergeConflict(
                "another session changed the password or recovery key at the same time; "
                "your change was not saved: lock, unlock and do it again"
            )
        merged = vaultmerge.merge(load_body(self._base_body), self.data, load_body(body))
        return dataclasses.replace(header, slots=slots), on_disk, body, merged

    def change_password(self, new_password: str, kdf: KdfParams | None = None) -> None:
        """Rewrap only the password slot (MK and recovery slot unchanged), then save."""
        self._require_writable()
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

        self._require_writable()
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

    def make_writable(self, on_wait: Callable[[str], None] | None = None) -> None:
        """Allow saving from a read-only open (one that turns out to need a save, e.g. an HOTP
        code); like every save, the next one takes the writer lock for its moment only."""
        self.writable = True
        if on_wait is not None:
            self._on_wait = on_wait

    def close(self) -> None:
        """No more saves from this Vault; idempotent."""
        self.writable = False

    def __enter__(self) -> Vault:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _require_writable(self) -> None:
        if not self.writable:
            raise VaultError("the vault was opened read-only (or closed): open it for writing to save")


def _stamp(path: Path) -> object:
    """What changes whenever the file is replaced (an atomic save makes a new inode)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)


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
