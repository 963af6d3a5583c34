"""What the vault keeps about each backup location, and the status the app and the CLI show.

A location lives in ``vault.data.locations[name]`` (inside the encrypted vault)::

    {"backend": "webdav", "settings": {...sign-in values...}, "enabled": true, "keep": 10,
     "keys": {...BackupKeys...}, "state": {...LocationState...}}

``LocationStatus`` is the read-only view: last verified backup, generation, size, last error (its
kind and network cause), whether the location needs signing in again, and whether the vault changed
since the last verified backup ("out of date"). ``marker`` condenses it for the header.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from ..errors import (
    BackendAuthError,
    BackendError,
    BackendNetworkError,
    BackendNotFoundError,
    BackendPermissionError,
    BackendServerError,
    TuiauthError,
)
from .devices import Device, parse_devices
from .keys import BackupKeys

ErrorKind = Literal["network", "auth", "permission", "not-found", "server", "other"]
Marker = Literal["ok", "out-of-date", "failed", "sign-in", "off"]
DEFAULT_KEEP = 10
#: Failures worth retrying by themselves (the others need the person: sign in, create the folder…).
RETRYABLE: frozenset[str] = frozenset({"network", "server"})


@dataclass(frozen=True)
class BackupProblem:
    """Why the last attempt failed: a one-line message, its kind, and for network errors the cause
    (dns, refused, timeout, tls, reset, other)."""

    message: str
    kind: ErrorKind
    cause: str = ""
    at: float = 0.0

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE

    @classmethod
    def of(cls, exc: TuiauthError, at: float) -> BackupProblem:
        return cls(exc.message, error_kind(exc), exc.cause if isinstance(exc, BackendNetworkError) else "", at)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: Any) -> BackupProblem | None:
        if not isinstance(raw, dict):
            return None
        kinds: dict[Any, ErrorKind] = {k: k for k in ("network", "auth", "permission", "not-found", "server")}
        kind = kinds.get(raw.get("kind"), "other")
        return cls(str(raw.get("message", "")), kind, str(raw.get("cause", "")), float(raw.get("at", 0.0)))


def error_kind(exc: TuiauthError) -> ErrorKind:
    if isinstance(exc, BackendNetworkError):
        return "network"
    if isinstance(exc, BackendAuthError):
        return "auth"
    if isinstance(exc, BackendPermissionError):
        return "permission"
    if isinstance(exc, BackendNotFoundError):
        return "not-found"
    if isinstance(exc, BackendServerError):
        return "server"
    return "other" if not isinstance(exc, BackendError) else "server"


@dataclass
class LocationState:
    """The part of a location record that changes with every attempt."""

    verified_at: float | None = None
    generation: int | None = None
    size: int | None = None
    object: str | None = None
    #: ``fingerprint`` of the local contents the last verified backup was made from.
    content: str = ""
    #: The highest generation ever seen here: an older head means a rollback or a stale copy.
    highest_seen: int = 0
    error: BackupProblem | None = None
    needs_sign_in: bool = False
    notices: list[str] = field(default_factory=list)
    #: The newest change the last committed contents held (sync: later local changes are unsynced).
    synced_upto: float = 0.0
    #: Why the location is out of date although a backup was committed (the invariant does not
    #: hold: ``invariant.py``), or "".
    incomplete: str = ""
    #: The untrusted device whose backup holds the sync (``devices.py``): {"id", "name", "object"}, or None.
    held: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["error"] = self.error.to_json() if self.error else None
        return out

    @classmethod
    def from_json(cls, raw: Any) -> LocationState:
        raw = raw if isinstance(raw, dict) else {}

        def opt_int(key: str) -> int | None:
            value = raw.get(key)
            return int(value) if isinstance(value, int | float) else None

        verified = raw.get("verified_at")
        return cls(
            verified_at=float(verified) if isinstance(verified, int | float) else None,
            generation=opt_int("generation"),
            size=opt_int("size"),
            object=str(raw["object"]) if raw.get("object") else None,
            content=str(raw.get("content", "")),
            highest_seen=opt_int("highest_seen") or 0,
            error=BackupProblem.from_json(raw.get("error")),
            needs_sign_in=bool(raw.get("needs_sign_in", False)),
            notices=[str(n) for n in raw.get("notices", []) if isinstance(n, str)],
            synced_upto=float(raw.get("synced_upto", 0.0) or 0.0),
            incomplete=str(raw.get("incomplete", "") or ""),
            held=_held(raw.get("held")),
        )


def _held(raw: Any) -> dict[str, str] | None:
    if not isinstance(raw, dict):
        return None
    return {"id": str(raw.get("id", "")), "name": str(raw.get("name", "")), "object": str(raw.get("object", ""))}


@dataclass
class LocationRecord:
    """One location as stored in the vault (credentials included: never print ``settings``)."""

    backend: str
    settings: dict[str, str]
    keys: BackupKeys
    enabled: bool = True
    keep: int = DEFAULT_KEEP
    state: LocationState = field(default_factory=LocationState)
    #: The other devices this device trusts at the location, by id (``devices.py``).
    devices: dict[str, Device] = field(default_factory=dict)
    #: Locations with the same id use the same recovery secret (``shared_secret.py``); "" = not known.
    secret_group: str = ""

    def __repr__(self) -> str:
        return f"LocationRecord(backend={self.backend!r}, enabled={self.enabled}, keep={self.keep})"

    def to_json(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "settings": dict(self.settings),
            "enabled": self.enabled,
            "keep": self.keep,
            "keys": self.keys.to_json(),
            "state": self.state.to_json(),
            "devices": {i: d.to_json() for i, d in self.devices.items()},
            "secret_group": self.secret_group,
        }

    @classmethod
    def from_json(cls, raw: Any) -> LocationRecord:
        raw = raw if isinstance(raw, dict) else {}
        keep = raw.get("keep", DEFAULT_KEEP)
        return cls(
            backend=str(raw.get("backend", "")),
            settings={str(k): str(v) for k, v in dict(raw.get("settings", {})).items()},
            keys=BackupKeys.from_json(raw.get("keys")),
            enabled=bool(raw.get("enabled", True)),
            keep=keep if isinstance(keep, int) and keep >= 1 else DEFAULT_KEEP,
            state=LocationState.from_json(raw.get("state")),
            devices=parse_devices(raw.get("devices")),
            secret_group=str(raw.get("secret_group", "")),
        )


def iso(at: float | None) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if at is not None else ""


@dataclass(frozen=True)
class LocationStatus:
    """What the app shows for one location (nothing secret)."""

    name: str
    backend: str
    #: The backend's secret-free description, e.g. "WebDAV https://host/dav/ as alice".
    description: str
    enabled: bool
    #: When the last *verified* backup was made (unix time), its generation, size and object name.
    last_verified_at: float | None
    generation: int | None
    size: int | None
    object_name: str | None
    last_error: BackupProblem | None
    needs_sign_in: bool
    #: The vault's accounts changed since the last verified backup (or there never was one).
    out_of_date: bool
    #: Things worth saying that are not failures: a rollback seen, objects ignored, a fork merged.
    notices: tuple[str, ...] = ()
    keep: int = DEFAULT_KEEP
    #: Why it is out of date when that is more than "the accounts changed since" (and the fix).
    out_of_date_reason: str = ""
    #: The other devices that share the location (newest first), with when each last committed.
    shared_with: tuple[Device, ...] = ()
    #: The device not trusted yet whose backup holds the sync there ("" when none).
    held_by: str = ""
    #: Seconds the server's clock was ahead of this computer's at the last backup this session (None:
    #: unknown, e.g. a local folder). More than 30 s either way: codes are wrong (``clock.py``).
    clock_offset: float | None = None
    #: Locations with the same id use the same recovery secret ("": not known, see ``shared_secret.py``).
    secret_group: str = ""

    @property
    def marker(self) -> Marker:
        """The header marker: the most urgent of sign-in, failed, out-of-date, else ok."""
        if not self.enabled:
            return "off"
        if self.needs_sign_in:
            return "sign-in"
        if self.last_error is not None:
            return "failed"
        if self.out_of_date:
            return "out-of-date"
        return "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "backend": self.backend,
            "description": self.description,
            "enabled": self.enabled,
            "marker": self.marker,
            "last_verified": iso(self.last_verified_at) or None,
            "last_verified_at": self.last_verified_at,
            "generation": self.generation,
            "size": self.size,
            "object": self.object_name,
            "last_error": self.last_error.to_json() if self.last_error else None,
            "needs_sign_in": self.needs_sign_in,
            "out_of_date": self.out_of_date,
            "notices": list(self.notices),
            "keep": self.keep,
            "out_of_date_reason": self.out_of_date_reason or None,
            "shared_with": [{"name": d.name, "last_seen": iso(d.seen) or None} for d in self.shared_with],
            "clock_offset": self.clock_offset,
        }


_URGENCY: dict[Marker, int] = {"sign-in": 3, "failed": 2, "out-of-date": 1, "ok": 0, "off": -1}


def worst_marker(statuses: Iterable[LocationStatus]) -> Marker | None:
    """The header's marker: the most urgent among the enabled locations (None when backup is off)."""
    worst: Marker | None = None
    for status in statuses:
        if status.enabled and (worst is None or _URGENCY[status.marker] > _URGENCY[worst]):
            worst = status.marker
    return worst
