"""Turning backup on for a location: check the form and the secret, test the location, find or
create the backup key set. Used by ``BackupEngine.enable`` and ``BackupEngine.sign_in``."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path

from .. import crypto, sealed
from ..crypto import KdfParams
from ..errors import BackendError, TuiauthError, WrongPasswordError
from ..specs import Backend, BackendSpec
from .errors import BackupSetupError, BackupVerifyError
from .keys import BackupKeys
from .names import generation_of, probe_name
from .reader import describe_object

MIN_SECRET_LENGTH = 8
MAX_LOCATION_NAME = 64
#: Backup sets found at a location that are tried with the secret (one key derivation each).
MAX_SETS_TRIED = 3


def check_location_name(name: str, existing: Mapping[str, object]) -> str:
    name = name.strip()
    if not name or len(name) > MAX_LOCATION_NAME or not name.isprintable():
        raise BackupSetupError(f"a location needs a name of 1 to {MAX_LOCATION_NAME} printable characters")
    if name in existing:
        raise BackupSetupError(f"there is already a backup location named {name!r}: choose another name")
    return name


def complete_settings(spec: BackendSpec, given: Mapping[str, str]) -> dict[str, str]:
    """The form's values with defaults filled in; ``BackupSetupError`` names a missing required field."""
    known = {f.name for f in spec.fields}
    unknown = sorted(set(given) - known)
    if unknown:
        raise BackupSetupError(
            f"the {spec.name} backend has no field {unknown[0]!r} (its fields: {', '.join(sorted(known))})"
        )
    settings: dict[str, str] = {}
    for f in spec.fields:
        value = given.get(f.name, "") or f.default
        if f.required and not value.strip():
            raise BackupSetupError(f"the {spec.name} backend needs '{f.name}' ({f.label})")
        if value:
            settings[f.name] = value
    return settings


def check_secret(secret: str, vault_file: Path) -> None:
    """The recovery secret must be long enough and must not be the vault password: it is tried on the
    vault file's own password slot (one key derivation)."""
    if len(secret) < MIN_SECRET_LENGTH:
        raise BackupSetupError(f"the recovery secret must be at least {MIN_SECRET_LENGTH} characters long")
    try:
        header = sealed.read_header(vault_file.read_bytes())
        sealed.unlock_password(header, secret)
    except WrongPasswordError:
        return
    except (OSError, TuiauthError):
        return  # the vault file cannot be checked here; the vault itself reports its own problems
    raise BackupSetupError(
        "the recovery secret must not be the vault password: choose a different one "
        "(the backup must stay safe if the vault password is ever exposed)"
    )


def probe_location(backend: Backend) -> list[str]:
    """List, create a probe object, read it back, delete it; returns the listing. BackendError on failure."""
    names = backend.list()
    probe = probe_name()
    payload = crypto.random_bytes(64)
    backend.create(probe, payload)
    try:
        if backend.read(probe) != payload:
            raise BackupVerifyError("the location did not give back what was written to it: it cannot keep backups")
    finally:
        with contextlib.suppress(BackendError):  # a leftover probe is never read as a backup
            backend.delete(probe)
    return names


def keys_for(
    backend: Backend, names: list[str], secret: str, kdf: KdfParams, recovery_key_hex: str
) -> tuple[BackupKeys, bool]:
    """Join the backup set already at the location when ``secret`` opens it, else a new set.

    Returns the keys and whether they were joined. ``BackupSetupError`` when the location holds
    intact backups that the secret does not open (another recovery secret was used there).
    """
    tried: set[str] = set()
    for name in sorted((n for n in names if generation_of(n) is not None), reverse=True):
        if len(tried) >= MAX_SETS_TRIED:
            break
        try:
            _, header = describe_object(name, backend.read(name))
        except BackendError:
            continue
        if header is None or header.kind != "backup" or header.vault_id in tried:
            continue
        tried.add(header.vault_id)
        try:
            return BackupKeys.join(header, secret, recovery_key_hex), True
        except WrongPasswordError:
            continue
    if tried:
        raise BackupSetupError(
            "this location already holds tuiauth backups made with another recovery secret: give that secret "
            "to add this vault's backups to them, or choose an empty folder"
        )
    return BackupKeys.create(secret, kdf, recovery_key_hex), False
