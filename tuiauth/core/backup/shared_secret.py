"""One recovery secret for all backup locations, unless the person chooses otherwise on purpose.

The secret is never stored: each location keeps only its backup key set, whose password slot opens
with it. Turning on a second location therefore asks for the secret already in use, typed again, and
checks it against the existing locations' password slots (one key derivation per distinct secret);
only a deliberate choice ("a different secret for this location") sets another one.

Which locations share a secret is remembered as a random ``secret_group`` id in each location's
record (``LocationRecord.secret_group``), so the backup screen can say "the same as home" without
holding the secret. Locations turned on before the id existed count as their own group
(``location:<name>``) until a new location is found to open with the same secret.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import crypto
from ..errors import WrongPasswordError
from ..slots import unlock_password_slots
from .errors import BackupSetupError
from .keys import BackupKeys
from .state import DEFAULT_KEEP, LocationRecord, LocationStatus

if TYPE_CHECKING:
    from .engine import BackupEngine


def group_of(name: str, secret_group: str) -> str:
    return secret_group or f"location:{name}"


def opens(keys: BackupKeys, secret: str) -> bool:
    """True when ``secret`` opens the location's backup key set (one key derivation)."""
    try:
        return unlock_password_slots(keys.slots, keys.backup_id, secret, "backup") == keys.mk
    except WrongPasswordError:
        return False


def matching_group(locations: Mapping[str, Any], secret: str) -> str | None:
    """The group of the first stored location the secret opens (each distinct group tried once)."""
    tried: set[str] = set()
    for name, raw in locations.items():
        record = LocationRecord.from_json(raw)
        group = group_of(name, record.secret_group)
        if group in tried:
            continue
        tried.add(group)
        if opens(record.keys, secret):
            return group
    return None


def enable_location(
    engine: BackupEngine,
    location: str,
    backend: str,
    settings: Mapping[str, str],
    secret: str,
    *,
    different: bool,
    kdf: crypto.KdfParams | None = None,
    keep: int = DEFAULT_KEEP,
    share: bool = False,
) -> LocationStatus:
    """``engine.enable`` with the secret checked against the locations already there (``share``:
    as ``engine.enable``'s, for a location that holds another device's backups).

    Unless ``different``, a secret none of them opens with is refused before anything is stored
    (``BackupSetupError``). The new location joins the group of the locations its secret opens, or
    a new group.
    """
    existing = dict(engine.vault.data.locations)
    group = matching_group(existing, secret) if existing else None
    if existing and group is None and not different:
        names = ", ".join(existing)
        raise BackupSetupError(
            f"that is not the recovery secret your other backups use ({names}): type that one again, "
            "or choose a different secret for this location on purpose"
        )
    status = engine.enable(location, backend, settings, secret, kdf=kdf, keep=keep, share=share)
    record = engine.record(location)
    record.secret_group = group or crypto.random_bytes(8).hex()
    engine.vault.data.locations[location] = record.to_json()
    engine.save_state()
    (status,) = engine.status(location)
    return status


def secret_line(status: LocationStatus, statuses: Sequence[LocationStatus]) -> str:
    """Which recovery secret a location uses, in words ("" when it is the only location)."""
    others = [s for s in statuses if s.name != status.name]
    if not others:
        return ""
    mine = group_of(status.name, status.secret_group)
    same = [s.name for s in others if group_of(s.name, s.secret_group) == mine]
    if same:
        return f"Recovery secret: the same as {', '.join(same)}"
    if not status.secret_group:
        return "Recovery secret: the one set when it was turned on"
    verb = "uses" if len(others) == 1 else "use"
    return f"Recovery secret: its own, not the one {', '.join(s.name for s in others)} {verb}"
