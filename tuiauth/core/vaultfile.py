"""Saving the vault file safely on a local disk.

- Atomic replace: a temp file in the same folder (0600) → write → fsync → ``os.replace`` → fsync of
  the folder. A crash at any moment leaves either the old or the new file, never a mix.
- A separate ``vault.lock`` held with ``fcntl.flock`` by the one writer (a lock on the vault file
  itself would be lost at the replace); it holds the writer's pid for the message others get.
- Before a save, the file on disk must still be the one that was loaded (by SHA-256).
- The previous versions are kept as ``vault.tuiauth.1`` (newest) … ``.3``, by hard links, in an
  order that keeps all three at any kill point (``rotate_copies``).
- Leftover temp files of a killed save are swept, only while holding the lock (never under a
  running save).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from .errors import UnsafeParametersError, VaultChangedError, VaultError, VaultLockedError
from .sealed import MAX_FILE_SIZE, file_hash

KEEP_COPIES = 3
FILE_MODE = 0o600
DIR_MODE = 0o700
#: How long a second writer waits for the lock (another command finishing its save) before it is refused.
LOCK_WAIT = 5.0


def lock_path(path: Path) -> Path:
    return path.with_suffix(".lock")


def copy_path(path: Path, n: int) -> Path:
    return path.with_name(f"{path.name}.{n}")


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def ensure_folder(folder: Path) -> None:
    """Create the folder (and parents) with mode 0700; a folder we create is tightened to 0700."""
    if not folder.is_dir():
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(folder, DIR_MODE)


class VaultLock:
    """The exclusive, non-blocking writer lock on ``vault.lock`` (released by the kernel on exit)."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        except OSError as exc:
            raise VaultError(f"cannot open the lock file {self.path}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def acquire(self, *, wait: float | None = None, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock, waiting up to ``wait`` seconds (default ``LOCK_WAIT``) for another writer;
        ``on_wait`` is told once, naming the holder, when the wait begins. ``VaultLockedError``
        names the holder when it does not let go in time."""
        patience = LOCK_WAIT if wait is None else wait
        deadline = time.monotonic() + patience
        told = False
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                raise VaultLockedError(
                    f"the vault is open for writing by {self.holder()}; close it first (waited {patience:g} s)"
                )
            if not told and on_wait is not None:
                told = True
                on_wait(f"the vault is open for writing by {self.holder()}: waiting for it to finish…")
            time.sleep(0.05)
        assert self._fd is not None
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()}\n".encode(), 0)

    def holder(self) -> str:
        """The process holding the lock as a person can find it: ``pid 123 (tuiauth)``."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            text = ""
        if not (text.isdigit() and len(text) < 12):
            return "another tuiauth process"
        try:
            name = Path(f"/proc/{text}/comm").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            name = ""
        name = "".join(c for c in name if c.isprintable())
        return f"another process (pid {text}{', ' + name if name else ''})"

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the last descriptor releases the flock


def sweep_temp_files(path: Path, lock: VaultLock) -> int:
    """Remove temp files left by a killed save. ``lock`` must be held; returns how many were removed."""
    assert lock.held, "sweeping without the lock could delete a running save's temp file"
    removed = 0
    prefix = temp_prefix(path)
    for entry in path.parent.iterdir():
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
                removed += 1
    return removed


def sweep_if_unlocked(path: Path) -> int:
    """Sweep for a reader: only when no writer holds the lock (taken for a moment, then released)."""
    if not path.parent.is_dir():
        return 0
    lock = VaultLock(path)
    try:
        if not lock.try_acquire():
            return 0
    except VaultError:  # a read-only folder: nothing to sweep that we could remove anyway
        return 0
    try:
        return sweep_temp_files(path, lock)
    finally:
        lock.release()


def read_capped(path: Path) -> bytes:
    """The file's bytes, refusing (before reading it all) anything over the sealed-file size cap."""
    with open(path, "rb") as f:
        data = f.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise UnsafeParametersError(
            f"{path.name} is too large (over {MAX_FILE_SIZE // 2**20} MiB): it is not a tuiauth vault"
        )
    return data


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file (0600) in the same folder → write → fsync → replace → fsync the folder."""
    fd, tmp = _make_temp(path)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(path.parent)


def _make_temp(path: Path) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    for _ in range(100):
        tmp = str(path.parent / f"{temp_prefix(path)}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, flags, FILE_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file beside {path.name}")


def rotate_copies(path: Path) -> None:
    """Shift ``.3``→``.4``, ``.2``→``.3``, ``.1``→``.2`` and the current file →``.1``, oldest first.

    Each step puts a hard link (or a copy) of the newer file in place of the older one with one
    atomic replace, and the newer file stays where it is. The spare ``.4`` (removed once the new
    file is in place: ``drop_spare_copy``) is what lets a kill at any point keep every promised
    version: until the vault file is replaced, ``.2``…``.4`` still hold the three before it.

    A rotation cut short by a kill is finished, never started again (that would push one more
    version out): after the step into copy ``n`` the copies ``n`` and ``n - 1`` are the same file,
    so the next rotation goes on with the step into ``n - 1``. When ``.1`` already is the current
    file, the rotation was complete: nothing moves again.
    """
    if not path.exists() or _same_file(path, copy_path(path, 1)):
        return
    top = KEEP_COPIES + 1
    cut_short = (n for n in range(2, top + 1) if _same_file(copy_path(path, n), copy_path(path, n - 1)))
    for n in range(next(cut_short, top + 1) - 1, 0, -1):
        newer = path if n == 1 else copy_path(path, n - 1)
        if newer.exists():
            _replace_with_link(newer, copy_path(path, n))


def _same_file(a: Path, b: Path) -> bool:
    """One file, or a copy of it (where the filesystem has no hard links). Two saves never share
    their last bytes (each ends with its own authentication tag), so size and ends decide."""
    try:
        if os.path.samefile(a, b):
            return True
        if a.stat().st_size != b.stat().st_size:
            return False
        return _ends(a) == _ends(b)
    except FileNotFoundError:
        return False


def _ends(path: Path) -> tuple[bytes, bytes]:
    with path.open("rb") as f:
        head = f.read(4096)
        f.seek(max(0, os.fstat(f.fileno()).st_size - 4096))
        return head, f.read(4096)


def drop_spare_copy(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        copy_path(path, KEEP_COPIES + 1).unlink()


def _replace_with_link(source: Path, target: Path) -> None:
    link_tmp = source.with_name(f"{temp_prefix(source)}copy.tmp")
    with contextlib.suppress(FileNotFoundError):
        link_tmp.unlink()
    try:
        os.link(source, link_tmp)
    except OSError:  # no hard links on this filesystem: copy the bytes instead
        write_atomic(link_tmp, source.read_bytes())
    os.replace(link_tmp, target)


def save_checked(path: Path, data: bytes, expected_hash: str | None, lock: VaultLock) -> str:
    """Save ``data`` if the file on disk is still ``expected_hash`` (None: no file must exist yet).

    Returns the new file's hash. ``VaultChangedError`` leaves the disk untouched.
    """
    assert lock.held, "saving without the writer lock"
    try:
        current: str | None = file_hash(read_capped(path))
    except FileNotFoundError:
        current = None
    if current != expected_hash:
        raise VaultChangedError(
            "the vault file changed on disk since it was opened (another program wrote it); "
            "open it again and redo the change"
        )
    rotate_copies(path)
    write_atomic(path, data)
    drop_spare_copy(path)
    return file_hash(data)
