"""Where a restore reads from, and turning backup on again there once the restore is done.

``Location`` is a backend name and its sign-in values under a location name — either one already
configured in the vault (``Location.configured``) or one described on a new machine. After a
restore, ``adopt_location`` stores it in ``vault.data.locations`` the way the backup engine keeps
locations (``tuiauth.core.backup.state.LocationRecord``), with the backup key set the restore just
unlocked: the next backup joins the same set, so the person is not asked for the recovery secret
twice. The backup engine's own ``enable`` needs the recovery secret itself (a restore may have used
the recovery key instead), hence this small function.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import crypto, sealed
from ..backup.devices import Device
from ..backup.keys import MAX_RECOVERY_SLOTS, BackupKeys
from ..backup.state import LocationRecord, LocationState
from ..errors import WrongPasswordError
from ..sealed import SealedHeader
from ..vaultdata import VaultData
from .problems import RestoreProblem, RestoreProblemError


@dataclass(frozen=True, kw_only=True)
class Location:
    name: str
    backend: str
    settings: Mapping[str, str] = field(default_factory=dict, repr=False)
    #: True when the vault already holds this location (backup stays as it is configured).
    configured: bool = False
    #: The highest backup generation this vault saw there (the rollback check; 0 when new).
    highest_seen: int = 0
    #: New sign-in values given for a configured location (signing in again): stored once the restore succeeds.
    new_sign_in: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def configured_in(cls, data: VaultData, name: str, overrides: Mapping[str, str] | None = None) -> Location:
        """The location ``name`` of the vault; ``overrides`` replace sign-in values (signing in again)."""
        raw = data.locations.get(name)
        if raw is None:
            known = ", ".join(data.locations) or "none"
            raise RestoreProblemError(
                RestoreProblem(
                    kind="no-backup",
                    message=f"this vault has no backup location named {name!r} (its locations: {known})",
                    advice="on a new machine, describe the location with its backend and settings",
                    action="choose-location",
                )
            )
        record = LocationRecord.from_json(raw)
        return cls(
            name=name,
            backend=record.backend,
            settings={**record.settings, **(overrides or {})},
            configured=True,
            highest_seen=record.state.highest_seen,
            new_sign_in=dict(overrides or {}),
        )

    @classmethod
    def all_configured(cls, data: VaultData) -> list[Location]:
        return [cls.configured_in(data, name) for name in data.locations]


def keys_from_unlocked(header: SealedHeader, mk: bytes, recovery_key_hex: str) -> BackupKeys:
    """The backup key set of an unlocked backup, with a recovery slot for this vault's recovery key
    (so this vault's recovery key opens its backups too), as ``BackupKeys.join`` builds it."""
    slots = tuple(s for s in header.slots if s.type != "device")
    if recovery_key_hex and sum(1 for s in slots if s.type == "recovery") < MAX_RECOVERY_SLOTS:
        try:
            sealed.unlock_recovery(header, crypto.format_recovery_key(bytes.fromhex(recovery_key_hex)))
        except WrongPasswordError:
            slots = (*slots, sealed.new_recovery_slot(mk, header.vault_id, bytes.fromhex(recovery_key_hex)))
    return BackupKeys(header.vault_id, mk, slots)


def adopt_location(
    data: VaultData,
    location: Location,
    keys: BackupKeys,
    highest_seen: int,
    devices: Iterable[Device] = (),
    restored_from: str | None = None,
) -> str:
    """Store ``location`` with ``keys`` in ``data.locations`` (not saved); returns the name used
    (the location's, or with a number added when the vault already uses that name). ``devices`` —
    those that wrote the restored backup or that it lists — are trusted there: the person chose to
    restore from them and to sync with them; so is ``restored_from``, the object restored, should it
    be a backup made before backups named their device."""
    name, n = location.name, 2
    while name in data.locations:
        name, n = f"{location.name} {n}", n + 1
    record = LocationRecord(
        backend=location.backend,
        settings=dict(location.settings),
        keys=keys,
        state=LocationState(highest_seen=highest_seen, object=restored_from),
        devices={d.id: d for d in devices},
    )
    data.locations[name] = record.to_json()
    return name
