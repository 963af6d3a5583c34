"""The backup protocol over one backend (DESIGN.md "Backup protocol"); no vault, no UI.

``commit`` repeats, until one attempt wins:

1. **scan** — list the objects; from the highest generation down, read and authenticate them with
   the backup key until a generation has at least one valid object: that is the head (two or more
   valid objects there are a fork). Objects that do not authenticate are ignored and reported,
   never deleted.
2. **merge** — the local contents first, then the head's (every fork branch), by account id.
3. **create** — generation = 1 + the highest seen anywhere (names, the head, what this vault saw
   before), named after the head it builds on: racing writers pick the same name and the backend's
   create-only commit lets one win; the losers go round again.
4. **read back and verify** — the bytes must be exactly the ones written and must decrypt; on a
   server whose create-only check races, another writer's bytes mean the race was lost.
5. **rotate** — only then delete the backups of this set older than the newest ``keep`` generations.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .. import sealed
from ..errors import BackendError, BackendExistsError, BackendNotFoundError, TuiauthError
from ..sealed import Slot
from ..specs import Backend
from ..vaultdata import VaultData
from .errors import BackupVerifyError, ContentionError
from .keys import BackupKeys
from .merge import merge_contents
from .names import generation_of, object_name
from .reader import decrypt_object, open_object
from .state import iso

MAX_ATTEMPTS = 12
#: At most this many objects are read in one scan or one rotation (a hostile folder cannot stall us).
MAX_READS = 64


@dataclass(frozen=True)
class Head:
    name: str
    file_hash: str
    data: VaultData
    slots: tuple[Slot, ...]


@dataclass
class Scan:
    heads: list[Head] = field(default_factory=list)
    generation: int = 0
    #: The highest generation any object's name claims (valid or not).
    top: int = 0
    names: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CommitResult:
    name: str
    generation: int
    size: int
    verified_at: float
    highest_seen: int
    notices: tuple[str, ...] = ()


def scan(backend: Backend, keys: BackupKeys) -> Scan:
    """Find the head: the highest generation with an object that authenticates under ``keys``."""
    result = Scan(names=backend.list())
    generations: dict[int, list[str]] = {}
    for name in result.names:
        generation = generation_of(name)
        if generation is not None:
            generations.setdefault(generation, []).append(name)
    result.top = max(generations, default=0)
    reads = 0
    for generation in sorted(generations, reverse=True):
        for name in sorted(generations[generation]):
            if reads >= MAX_READS:
                result.problems.append(f"more than {MAX_READS} objects do not open here; the rest were not read")
                return result
            reads += 1
            try:
                raw = backend.read(name)
            except BackendNotFoundError:
                continue  # rotated away by another writer since the listing
            try:
                header, data = open_object(name, raw, keys.mk, keys.backup_id)
            except BackendError:
                raise
            except TuiauthError as exc:
                result.problems.append(f"ignored {name}: {exc.message}")
                continue
            result.heads.append(Head(name, sealed.file_hash(raw), data, header.slots))
        if result.heads:
            result.generation = generation
            return result
    return result


def commit(
    backend: Backend,
    keys: BackupKeys,
    local: VaultData,
    *,
    device: str,
    highest_seen: int,
    keep: int,
    clock: Callable[[], float] = time.time,
    pause: Callable[[float], None] = time.sleep,
) -> CommitResult:
    """Commit ``local`` (merged with the head) as the next generation, verified; rotate after."""
    for _ in range(MAX_ATTEMPTS):
        found = scan(backend, keys)
        notices = list(found.problems)
        if highest_seen and not found.heads:
            notices.append(
                f"no backup was found here although generation {highest_seen} was made before: the backups "
                "were deleted (a new backup was made)"
            )
        elif highest_seen > found.generation:
            notices.append(
                f"the newest backup here is generation {found.generation}, but generation {highest_seen} was "
                "seen before: the location was rolled back or is a stale copy (a new backup was made)"
            )
        if len(found.heads) > 1:
            notices.append(f"{len(found.heads)} backups of generation {found.generation} (a fork) were merged")
        contents = merge_contents(local, [h.data for h in found.heads]) if found.heads else local
        # Keep the slots other vaults added to the set (their recovery keys must keep opening it).
        keys = keys.with_slots([s for h in found.heads for s in h.slots])
        parent = min(found.heads, key=lambda h: h.name).file_hash if found.heads else None
        generation = max(found.top, found.generation, highest_seen) + 1
        name = object_name(generation, keys.backup_id, parent)
        when = iso(clock())
        blob = keys.seal(contents.to_json(), generation=generation, parent=parent, device_name=device, time=when)
        try:
            backend.create(name, blob)
        except BackendExistsError:
            pause(random.uniform(0.0, 0.05))  # noqa: S311 - jitter, not a secret
            continue
        if not _verified(backend, keys, name, blob):
            pause(random.uniform(0.0, 0.05))  # noqa: S311
            continue
        notices += rotate(backend, keys, [*found.names, name], keep)
        return CommitResult(name, generation, len(blob), clock(), generation, tuple(notices))
    raise ContentionError(
        "other devices kept writing to this location at the same moment; the backup was not made (try again)"
    )


def _verified(backend: Backend, keys: BackupKeys, name: str, blob: bytes) -> bool:
    """True when the object reads back as exactly ``blob`` and decrypts; False when a racing writer's
    valid backup took the name; ``BackupVerifyError`` when what came back is damaged."""
    try:
        back = backend.read(name)
    except BackendNotFoundError:
        raise BackupVerifyError(f"{name} was written but cannot be read back: the location did not keep it") from None
    try:
        if back == blob:
            decrypt_object(name, back, keys.mk, keys.backup_id)  # the exact bytes: authenticating is enough
            return True
        open_object(name, back, keys.mk, keys.backup_id)
    except TuiauthError:
        raise BackupVerifyError(
            "the backup read back from the location does not match what was written (damaged or cut short)"
        ) from None
    return False


def rotate(backend: Backend, keys: BackupKeys, names: Iterable[str], keep: int) -> list[str]:
    """Delete this set's backups older than the newest ``keep`` generations; report, never raise."""
    by_generation: dict[int, list[str]] = {}
    for name in set(names):
        generation = generation_of(name)
        if generation is not None:
            by_generation.setdefault(generation, []).append(name)
    kept = sorted(by_generation, reverse=True)[:keep]
    old = sorted(n for g, group in by_generation.items() if g not in kept for n in group)
    notices: list[str] = []
    for name in old[:MAX_READS]:
        try:
            open_object(name, backend.read(name), keys.mk, keys.backup_id)
            backend.delete(name)
        except BackendNotFoundError:
            continue
        except BackendError as exc:
            notices.append(f"old backups could not be removed: {exc.message}")
            break
        except TuiauthError:
            continue  # not ours or damaged: left alone (reported by scans)
    return notices
