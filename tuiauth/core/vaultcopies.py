"""The previous copies kept beside the vault (``vault.tuiauth.1`` newest … ``.3``) and opening one
in place of a damaged vault.

``previous_copies`` lists them with their save time (the file's modification time) and whether each
is intact — all without a password; how many accounts a copy holds is known only once it is opened.
``restore_copy`` opens copy N with the password (or recovery key), keeps the current vault file
aside under a new name (``vault.tuiauth.damaged-<time>``, never deleted) and puts the copy in its
place, returning the vault open for writing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import sealed, vaultfile
from .errors import TuiauthError, VaultError, VaultMissingError
from .vault import Vault, load_body


@dataclass(frozen=True)
class PreviousCopy:
    number: int
    path: Path
    #: When the copy was saved (its modification time, local seconds since the epoch).
    saved_at: float
    #: Why the copy cannot be used ("" when its checksum and header are intact).
    problem: str = ""

    @property
    def when(self) -> str:
        return datetime.fromtimestamp(self.saved_at).strftime("%Y-%m-%d %H:%M")


def previous_copies(path: Path) -> list[PreviousCopy]:
    """The copies beside ``path``, newest first (with the spare ``.4`` a save killed midway leaves:
    ``vaultfile.rotate_copies``)."""
    out: list[PreviousCopy] = []
    for n in range(1, vaultfile.KEEP_COPIES + 2):
        copy = vaultfile.copy_path(path, n)
        try:
            saved_at = copy.stat().st_mtime
            sealed.read_header(vaultfile.read_capped(copy))
        except FileNotFoundError:
            continue
        except OSError as exc:
            out.append(PreviousCopy(n, copy, 0.0, f"cannot be read ({exc.strerror})"))
            continue
        except TuiauthError as exc:
            out.append(PreviousCopy(n, copy, saved_at, exc.message))
            continue
        out.append(PreviousCopy(n, copy, saved_at))
    return out


def aside_path(path: Path) -> Path:
    """A new name beside ``path`` for a damaged vault file that is set aside."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    candidate, n = path.with_name(f"{path.name}.damaged-{stamp}"), 2
    while candidate.exists():
        candidate, n = path.with_name(f"{path.name}.damaged-{stamp}-{n}"), n + 1
    return candidate


def set_aside(path: Path, on_wait: Callable[[str], None] | None = None) -> Path | None:
    """Keep the vault file under a new name (``aside_path``) and remove it from its place, under the
    writer lock; returns the new name (None when there was no file)."""
    lock = vaultfile.VaultLock(path)
    lock.acquire(on_wait=on_wait)
    try:
        if not path.exists():
            return None
        aside = aside_path(path)
        os.link(path, aside)
        path.unlink()
        vaultfile.fsync_folder(path.parent)
        return aside
    finally:
        lock.release()


def restore_copy(
    path: Path,
    number: int,
    *,
    password: str | None = None,
    recovery_key: str | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> tuple[Vault, Path | None]:
    """Open copy ``number`` in place of the vault at ``path``; returns the vault (open for writing)
    and where the file it replaced was kept (None when there was none)."""
    copy = vaultfile.copy_path(path, number)
    try:
        blob = vaultfile.read_capped(copy)
    except FileNotFoundError:
        raise VaultMissingError(f"there is no previous copy {number} ({copy.name})") from None
    except OSError as exc:
        raise VaultError(f"cannot read {copy.name}: {exc.strerror}") from None
    header = sealed.read_header(blob, what=f"previous copy {number}")
    if password is not None:
        mk = sealed.unlock_password(header, password)
    else:
        assert recovery_key is not None
        mk = sealed.unlock_recovery(header, recovery_key)
    body = sealed.open_body(blob, header, mk)
    data = load_body(body)
    lock = vaultfile.VaultLock(path)
    lock.acquire(on_wait=on_wait)
    try:
        aside = None
        if path.exists():
            aside = aside_path(path)
            os.link(path, aside)
        vaultfile.write_atomic(path, blob)
    except OSError as exc:
        raise VaultError(f"cannot put previous copy {number} in place: {exc.strerror}") from None
    finally:
        lock.release()
    return Vault(path, data, mk=mk, header=header, blob=blob, body=body, writable=True), aside
