"""The backup protocol over one backend; no vault, no UI.

``commit`` repeats, until one attempt wins:

1. **scan** — list the objects; from the highest generation down, read and authenticate them with
   the backup key until a generation has at least one valid object: that is the head (two or more
   valid objects there are a fork). Objects that do not authenticate are ignored and reported,
   never deleted.
2. **sync** — when every head was written by a trusted device (``devices.py``; else stop, holding
   the sync for the person to decide), apply the heads' changes (every fork branch) to the local
   contents (``sync.py``); the result is what is committed, and what ``BackupEngine.apply`` brings
   into the vault.
3. **create** — generation = 1 + the highest seen anywhere (names, the head, what this vault saw
   before), named after the head it builds on: racing writers pick the same name and the backend's
   create-only commit lets one win; the losers go round again.
4. **read back** — the bytes must be exactly the ones written and must decrypt; on a server whose
   create-only check races, another writer's bytes mean the race was lost. The contents read back
   are returned: ``BackupEngine.apply`` checks them against the vault (``invariant.py``).
5. **rotate** — only then delete the backups of this set older than the newest ``keep`` generations.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .. import sealed
from ..errors import BackendError, BackendExistsError, BackendNotFoundError, TuiauthError
from ..sealed import Slot
from ..specs import Backend, MethodSpec
from ..vaultdata import VaultData, account_row
from .body import backup_data, fingerprint
from .devices import Device, check_heads, sync_field, writer_of
from .errors import BackupVerifyError, ContentionError
from .keys import BackupKeys
from .names import generation_of, object_name
from .reader import decrypt_object, open_object
from .state import iso
from .sync import Remote, SyncResult, sync_into

MAX_ATTEMPTS = 12
#: At most this many objects are read in one scan or one rotation (a hostile folder cannot stall us).
MAX_READS = 64


@dataclass(frozen=True)
class Head:
    name: str
    file_hash: str
    data: VaultData
    slots: tuple[Slot, ...]
    size: int = 0


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
    #: The sync: the local contents with the heads' changes applied (what was committed).
    synced: SyncResult | None = field(default=None, repr=False)
    #: The heads whose changes were applied (``BackupEngine.apply`` redoes them on a vault changed meanwhile).
    remotes: tuple[Remote, ...] = field(default=(), repr=False)
    #: The committed backup as read back from the location (what the invariant is checked against).
    committed: VaultData | None = field(default=None, repr=False)
    #: ``fingerprint`` of the committed body (the device list aside).
    content: str = ""
    #: The devices this device trusts at the location after this commit (itself aside).
    trusted: dict[str, Device] = field(default_factory=dict)
    #: The newest change the committed contents hold (next sync: local changes after it are unsynced).
    synced_upto: float = 0.0
    #: The ``synced_upto`` this sync started from (a local change after it was not synced yet).
    based_on: float = 0.0


@dataclass(frozen=True)
class SyncHeld:
    """The head was written by a device this one does not trust: nothing applied, nothing written."""

    device: Device
    generation: int
    notices: tuple[str, ...] = ()
    #: The head object it wrote.
    object: str = ""


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
            result.heads.append(Head(name, sealed.file_hash(raw), data, header.slots, len(raw)))
        if result.heads:
            result.generation = generation
            return result
    return result


def commit(
    backend: Backend,
    keys: BackupKeys,
    local: VaultData,
    *,
    methods: Mapping[str, MethodSpec],
    me: Device,
    trusted: Mapping[str, Device] | None = None,
    own_object: str | None = None,
    synced_upto: float = 0.0,
    highest_seen: int,
    keep: int,
    clock: Callable[[], float] = time.time,
    pause: Callable[[float], None] = time.sleep,
    write_unchanged: bool = True,
) -> CommitResult | SyncHeld:
    """Sync ``local`` with the head (``sync.sync_into``) and commit the result as the next
    generation, read back; rotate after. A head by an untrusted device stops here (``SyncHeld``).
    Without ``write_unchanged``, a single head that already holds exactly the synced contents is
    not written again (its own read contents are the result)."""
    for _ in range(MAX_ATTEMPTS):
        found = scan(backend, keys)
        notices = _notices(found, highest_seen)
        check = check_heads(me, trusted or {}, [(h.name, h.data) for h in found.heads], own_object)
        if check.stranger is not None:
            return SyncHeld(check.stranger, found.generation, tuple(notices), check.stranger_object)
        now = clock()
        remotes = tuple(Remote(h.data, _writer_name(h.data)) for h in found.heads)
        synced = sync_into(local, remotes, methods, now=now, synced_upto=synced_upto, device_name=me.name)
        body = backup_data(synced.data, methods)
        rows = [account_row(a) for a in body.accounts]
        content = fingerprint(body.to_json(rows=rows))
        upto = max(
            max((a.updated_at for a in synced.data.accounts), default=0.0),
            max(synced.data.tombstones.values(), default=0.0),
        )
        unchanged = len(found.heads) == 1 and not synced.changed and not write_unchanged
        if unchanged and _content_of(found.heads[0], methods) == content:
            head = found.heads[0]  # it holds exactly what this device holds: nothing to write
            return CommitResult(
                head.name, found.generation, head.size, clock(), found.generation, tuple(notices),
                synced, remotes, head.data, content, check.trusted, upto, synced_upto,
            )  # fmt: skip
        body.sync = sync_field(Device(me.id, me.name, now), check.trusted)
        # Keep the slots other vaults added to the set (their recovery keys must keep opening it).
        keys = keys.with_slots([s for h in found.heads for s in h.slots])
        parent = min(found.heads, key=lambda h: h.name).file_hash if found.heads else None
        generation = max(found.top, found.generation, highest_seen) + 1
        name = object_name(generation, keys.backup_id, parent)
        blob = keys.seal(
            body.to_json(rows=rows), generation=generation, parent=parent, device_name=me.name, time=iso(now)
        )
        try:
            backend.create(name, blob)
        except BackendExistsError:
            pause(random.uniform(0.0, 0.05))  # noqa: S311 - jitter, not a secret
            continue
        committed = _read_back(backend, keys, name, blob, body)
        if committed is None:
            pause(random.uniform(0.0, 0.05))  # noqa: S311
            continue
        notices += rotate(backend, keys, [*found.names, name], keep)
        return CommitResult(
            name, generation, len(blob), clock(), generation, tuple(notices),
            synced, remotes, committed, content, check.trusted, upto, synced_upto,
        )  # fmt: skip
    raise ContentionError(
        "other devices kept writing to this location at the same moment; the backup was not made (try again)"
    )


def _notices(found: Scan, highest_seen: int) -> list[str]:
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
    return notices


def _content_of(head: Head, methods: Mapping[str, MethodSpec]) -> str:
    """The ``fingerprint`` of a head's contents, the device list aside."""
    return fingerprint(backup_data(head.data, methods).to_json())


def _writer_name(data: VaultData) -> str:
    writer = writer_of(data)
    return writer.name if writer is not None else ""


def _read_back(backend: Backend, keys: BackupKeys, name: str, blob: bytes, body: VaultData) -> VaultData | None:
    """The committed contents as read back: ``body`` itself when the object is exactly ``blob`` and
    authenticates (the same bytes hold the same contents); None when a racing writer's valid backup
    took the name; ``BackupVerifyError`` when what came back is damaged."""
    try:
        back = backend.read(name)
    except BackendNotFoundError:
        raise BackupVerifyError(f"{name} was written but cannot be read back: the location did not keep it") from None
    try:
        if back == blob:
            decrypt_object(name, back, keys.mk, keys.backup_id)
            return body
        open_object(name, back, keys.mk, keys.backup_id)
    except TuiauthError:
        raise BackupVerifyError(
            "the backup read back from the location does not match what was written (damaged or cut short)"
        ) from None
    return None


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
