"""The ``local`` backend: a folder on this machine (a synced folder, a USB stick, a mounted share).

``create`` is create-only and never shows a partial object under its final name: the bytes go to a
temporary file in the same folder, are fsynced, then hard-linked to the final name (``os.link`` fails
if the name exists), and the folder is fsynced. File systems without hard links (FAT, some network
mounts) fall back to an exclusive create of the final name, removed again if writing fails.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from tuiauth import BackendSpec, FormField
from tuiauth.hookspecs import hookimpl
from tuiauth.plugin_kit.errors import (
    BackendError,
    BackendExistsError,
    BackendNotFoundError,
    BackendPermissionError,
)
from tuiauth.plugin_kit.names import MAX_OBJECT_BYTES, TEMP_PREFIX, check_name, is_object_name

#: ``os.link`` errors meaning "this file system has no hard links", not "you may not".
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


class LocalBackend:
    """Objects are files in ``folder``; temporary files start with a dot and are never listed."""

    #: Seconds after which a leftover temporary file is surely not a commit still in progress.
    stale_after: float = 3600.0

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __repr__(self) -> str:
        return f"LocalBackend({str(self.folder)!r})"

    def _error(self, exc: OSError, doing: str) -> BackendError:
        if isinstance(exc, PermissionError):
            return BackendPermissionError(f"not allowed to {doing} in the folder {self.folder}")
        if not self.folder.is_dir():
            return BackendNotFoundError(f"the folder {self.folder} does not exist (create it, or choose another)")
        return BackendError(f"cannot {doing} in the folder {self.folder}: {exc.strerror or exc}")

    def list(self) -> list[str]:
        try:
            with os.scandir(self.folder) as entries:
                found = [(e.name, e.is_file()) for e in entries]
        except OSError as exc:
            raise self._error(exc, "list the files") from None
        self._sweep([name for name, _ in found if name.startswith(TEMP_PREFIX)])
        return sorted(name for name, is_file in found if is_file and is_object_name(name))

    def _sweep(self, temporaries: Iterable[str]) -> None:
        """Remove temporary files a crashed commit left behind, once surely not in progress."""
        cutoff = time.time() - self.stale_after
        for name in temporaries:
            path = self.folder / name
            with contextlib.suppress(OSError):
                if path.stat().st_mtime <= cutoff:
                    path.unlink()

    def read(self, name: str) -> bytes:
        path = self.folder / check_name(name)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_OBJECT_BYTES + 1)
        except FileNotFoundError:
            if not self.folder.is_dir():
                raise self._error(FileNotFoundError(), "read") from None
            raise BackendNotFoundError(f"{name} is not in the folder {self.folder}") from None
        except OSError as exc:
            raise self._error(exc, "read") from None
        if len(data) > MAX_OBJECT_BYTES:
            raise BackendError(f"{name} in the folder {self.folder} is too large to be a backup")
        return data

    def create(self, name: str, data: bytes) -> None:
        final = self.folder / check_name(name)
        try:
            fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.folder)
        except OSError as exc:
            raise self._error(exc, "write") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            self._commit(Path(temp), final, data)
        except FileExistsError:
            raise BackendExistsError(f"{name} already exists in the folder {self.folder}") from None
        except OSError as exc:
            raise self._error(exc, "write") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        self._sync_folder()

    def _commit(self, temp: Path, final: Path, data: bytes) -> None:
        try:
            os.link(temp, final)
        except OSError as exc:
            if isinstance(exc, FileExistsError) or exc.errno not in _NO_HARD_LINKS:
                raise
            self._exclusive_write(final, data)

    @staticmethod
    def _exclusive_write(final: Path, data: bytes) -> None:
        fd = os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            final.unlink(missing_ok=True)
            raise

    def _sync_folder(self) -> None:
        """Make the new directory entry durable (not every file system can fsync a folder)."""
        try:
            fd = os.open(self.folder, os.O_RDONLY)
        except OSError:
            return
        try:
            with contextlib.suppress(OSError):
                os.fsync(fd)
        finally:
            os.close(fd)

    def delete(self, name: str) -> None:
        try:
            (self.folder / check_name(name)).unlink()
        except FileNotFoundError:
            if not self.folder.is_dir():
                raise self._error(FileNotFoundError(), "delete") from None
            raise BackendNotFoundError(f"{name} is not in the folder {self.folder}") from None
        except OSError as exc:
            raise self._error(exc, "delete") from None
        self._sync_folder()

    def close(self) -> None:
        """Nothing to release: every call opens and closes its own files."""


def _folder(settings: Mapping[str, str]) -> Path:
    return Path(settings.get("path", "")).expanduser()


def _make(settings: Mapping[str, str]) -> LocalBackend:
    if not settings.get("path", "").strip():
        raise BackendNotFoundError("no folder was given for the local backup location")
    return LocalBackend(_folder(settings))


SPEC = BackendSpec(
    name="local",
    label="Folder on this computer",
    fields=(
        FormField(
            name="path",
            label="Folder",
            kind="path",
            help="A folder for the encrypted backups, e.g. inside a synced folder or on a USB stick",
            placeholder="~/Sync/tuiauth",
        ),
    ),
    factory=_make,
    describe=lambda settings: f"Folder {_folder(settings)}",
    description="Encrypted backups as files in a folder; pair it with a sync tool for an off-site copy.",
)


@hookimpl
def tuiauth_backends() -> list[BackendSpec]:
    return [SPEC]
