"""Reading backups from a location — what the restore flow uses; no vault needed.

- ``list_backups(backend)``: every backup object with its header facts (generation, time, device,
  size), newest first, without any secret. ``valid`` means the file is intact and is a tuiauth
  backup; only the recovery secret (or recovery key) can prove it authentic.
- ``read_backup(backend, name, secret=… | recovery_key=…)``: one backup, authenticated and decrypted.
- ``read_latest(backend, secret=… | recovery_key=…)``: the head — the highest generation that
  authenticates, a fork at that generation merged (``merged_from`` names its objects).

Errors are typed: ``WrongPasswordError`` (the secret or recovery key does not open it),
``CorruptFileError`` (damaged, not a backup), ``TamperedFileError`` (edited outside tuiauth),
``UnsafeParametersError`` (hostile KDF settings, refused before deriving), ``NoBackupError`` (the
location holds no backup) and the backend's own ``BackendError`` subclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import sealed
from ..errors import BackendNotFoundError, CorruptFileError, TuiauthError, VaultError, WrongPasswordError
from ..sealed import SealedHeader
from ..specs import Backend
from ..vaultdata import VaultData
from .body import parse_backup_body
from .merge import merge_contents
from .names import generation_of


class NoBackupError(VaultError):
    """The location holds no backup that tuiauth can use."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup object as its header describes it (nothing here is secret or authenticated)."""

    name: str
    generation: int
    #: When it was written (UTC, ``YYYY-MM-DDTHH:MM:SSZ``), by the device named ``device``.
    time: str
    device: str
    size: int
    valid: bool
    #: Why ``valid`` is False (damaged, not a backup, generation mismatch), else "".
    problem: str = ""


@dataclass(frozen=True)
class BackupContents:
    """An authenticated, decrypted backup: its accounts, tombstones and settings in ``data``."""

    data: VaultData
    info: BackupInfo
    #: The backup set's id (every generation written under one recovery secret shares it).
    backup_id: str
    #: Names of the objects merged into ``data`` when the head was a fork (else just ``info.name``).
    merged_from: tuple[str, ...] = ()
    #: Objects skipped because they did not authenticate or were damaged (name: reason).
    problems: tuple[str, ...] = field(default=())


def describe_object(name: str, raw: bytes) -> tuple[BackupInfo, SealedHeader | None]:
    """The header facts of one object; ``valid`` only for an intact backup whose name matches."""
    generation = generation_of(name) or 0
    try:
        header = sealed.read_header(raw, what="backup")
    except VaultError as exc:
        return BackupInfo(name, generation, "", "", len(raw), False, exc.message), None
    problem = ""
    if header.kind != "backup":
        problem = "it is a vault file, not a backup"
    elif header.generation != generation:
        problem = f"its name says generation {generation} but it holds generation {header.generation}"
    info = BackupInfo(name, header.generation, header.time, header.device, len(raw), not problem, problem)
    return info, header


def list_backups(backend: Backend) -> list[BackupInfo]:
    """Every backup object in the location, newest generation first (reads each object once)."""
    infos = []
    for name in _backup_names(backend):
        try:
            infos.append(describe_object(name, backend.read(name))[0])
        except BackendNotFoundError:
            continue  # rotated away by another device since the listing
    return sorted(infos, key=lambda i: (i.generation, i.name), reverse=True)


def _backup_names(backend: Backend) -> list[str]:
    return [n for n in backend.list() if generation_of(n) is not None]


def decrypt_object(name: str, raw: bytes, mk: bytes, backup_id: str) -> tuple[SealedHeader, bytes]:
    """Authenticate and decrypt one object with a known backup key (the engine's path: no KDF)."""
    info, header = describe_object(name, raw)
    if header is None or not info.valid:
        raise CorruptFileError(f"{name}: {info.problem}")
    if header.vault_id != backup_id:
        raise WrongPasswordError(f"{name} belongs to another backup set (another recovery secret)")
    return header, sealed.open_body(raw, header, mk)


def open_object(name: str, raw: bytes, mk: bytes, backup_id: str) -> tuple[SealedHeader, VaultData]:
    """``decrypt_object``, then the contents checked and parsed."""
    header, body = decrypt_object(name, raw, mk, backup_id)
    return header, parse_backup_body(body)


def _unlock(header: SealedHeader, secret: str | None, recovery_key: str | None) -> bytes:
    if (secret is None) == (recovery_key is None):
        raise ValueError("give exactly one of secret or recovery_key")
    if secret is not None:
        return sealed.unlock_password(header, secret)
    assert recovery_key is not None
    return sealed.unlock_recovery(header, recovery_key)


def read_backup(
    backend: Backend, name: str, *, secret: str | None = None, recovery_key: str | None = None
) -> BackupContents:
    """Open the backup ``name`` with the recovery secret or the vault's recovery key."""
    raw = backend.read(name)
    info, header = describe_object(name, raw)
    if header is None or not info.valid:
        raise CorruptFileError(f"the backup {name} cannot be used: {info.problem}")
    mk = _unlock(header, secret, recovery_key)
    data = parse_backup_body(sealed.open_body(raw, header, mk))
    return BackupContents(data=data, info=info, backup_id=header.vault_id, merged_from=(name,))


def read_latest(backend: Backend, *, secret: str | None = None, recovery_key: str | None = None) -> BackupContents:
    """The head of the location: the highest generation that authenticates (a fork there merged).

    The key is derived once per backup set; objects that do not open are skipped and listed in
    ``problems``. ``NoBackupError`` when nothing opens, or ``WrongPasswordError`` when intact backups
    exist but none opens with what was given.
    """
    names = sorted(_backup_names(backend), key=lambda n: generation_of(n) or 0, reverse=True)
    if not names:
        raise NoBackupError("no backup was found at this location (it may have been deleted)")
    keys: dict[str, bytes | TuiauthError] = {}
    problems: list[str] = []
    found: list[tuple[BackupInfo, VaultData, str]] = []
    wrong: WrongPasswordError | None = None
    for name in names:
        if found and (generation_of(name) or 0) < found[0][0].generation:
            break
        try:
            raw = backend.read(name)
        except BackendNotFoundError:
            continue  # removed by a rotation since the listing
        try:
            info, header = describe_object(name, raw)
            if header is None or not info.valid:
                raise CorruptFileError(info.problem)
            if header.vault_id not in keys:
                try:
                    keys[header.vault_id] = _unlock(header, secret, recovery_key)
                except TuiauthError as exc:
                    keys[header.vault_id] = exc
            key = keys[header.vault_id]
            if isinstance(key, TuiauthError):
                raise key
            data = parse_backup_body(sealed.open_body(raw, header, key))
        except WrongPasswordError as exc:
            wrong = exc
            problems.append(f"{name}: {exc.message}")
            continue
        except TuiauthError as exc:
            problems.append(f"{name}: {exc.message}")
            continue
        found.append((info, data, header.vault_id))
    if not found:
        if wrong is not None:
            raise wrong
        raise NoBackupError("no usable backup was found at this location: " + "; ".join(problems[:3]))
    found.sort(key=lambda f: f[0].time, reverse=True)
    info, data, backup_id = found[0]
    if len(found) > 1:
        data = merge_contents(data, [f[1] for f in found[1:]])
    return BackupContents(
        data=data,
        info=info,
        backup_id=backup_id,
        merged_from=tuple(f[0].name for f in found),
        problems=tuple(problems),
    )
