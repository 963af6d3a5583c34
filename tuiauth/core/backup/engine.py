"""``BackupEngine``: backup locations of one open vault — turn on, back up, status, turn off, remove.

A backup runs in three steps so the app can keep the network off its event loop::

    job = engine.prepare()        # vault side: snapshot the backup body (cheap)
    outcome = job.run()           # network only, touches no vault: run it in a worker thread
    statuses = engine.apply(outcome)   # vault side: record each location's state; save if verified

``backup_now()`` does the three in a row. A failed backup never rewrites the vault file: the failure
is recorded in memory (``status()`` shows it at once) and reaches the file with the next save — the
next verified backup, any change, or ``save_state()``. Location settings (credentials included), the
backup keys and the state live in ``vault.data.locations`` inside the encrypted vault.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from .. import crypto
from ..errors import TuiauthError
from ..specs import BackendSpec, MethodSpec
from ..vaultdata import VaultData
from .body import backup_data, fingerprint
from .errors import BackupSetupError, UnknownLocationError
from .job import BackupJob, BackupOutcome, Task
from .protocol import CommitResult
from .setup import check_location_name, check_secret, complete_settings, keys_for, probe_location
from .state import DEFAULT_KEEP, BackupProblem, LocationRecord, LocationStatus

if TYPE_CHECKING:
    from ..vault import Vault


class Plugins(Protocol):
    """What the engine needs from ``tuiauth.pluginmanager.PluginManager``."""

    def backend(self, name: str) -> BackendSpec: ...

    def methods(self) -> dict[str, MethodSpec]: ...


class BackupEngine:
    """The backup locations of ``vault`` (open for writing to change or back up)."""

    def __init__(
        self,
        vault: Vault,
        plugins: Plugins,
        clock: Callable[[], float] = time.time,
        *,
        pause: Callable[[float], None] = time.sleep,
    ) -> None:
        self.vault = vault
        self.plugins = plugins
        self.clock = clock
        self._pause = pause
        self._content_cache: tuple[int, int, VaultData, str] | None = None
        #: Seconds each location's server clock was ahead of ours at its last backup (``clock.py``).
        self.clock_offsets: dict[str, float] = {}

    # --- reading -----------------------------------------------------------------------------------
    @property
    def locations(self) -> list[str]:
        return list(self.vault.data.locations)

    def record(self, location: str) -> LocationRecord:
        raw = self.vault.data.locations.get(location)
        if raw is None:
            known = ", ".join(self.vault.data.locations) or "none yet: turn backup on first"
            raise UnknownLocationError(f"there is no backup location named {location!r} (locations: {known})")
        return LocationRecord.from_json(raw)

    def _store(self, location: str, record: LocationRecord) -> None:
        self.vault.data.locations[location] = record.to_json()

    def _content(self) -> tuple[VaultData, str]:
        """What a backup would hold now and its fingerprint (cached per vault save).

        The snapshot has its own lists and dicts; the accounts in it are shared with the vault, which
        is safe because accounts are replaced (``Account.touched``), never changed in place.
        """
        key = (id(self.vault.data), self.vault.generation)
        cached = self._content_cache
        if cached is not None and cached[:2] == key:
            return cached[2], cached[3]
        snapshot = backup_data(self.vault.data, self.plugins.methods())
        content = fingerprint(snapshot.to_json())
        self._content_cache = (*key, snapshot, content)
        return snapshot, content

    def _status(self, location: str, record: LocationRecord, content: str) -> LocationStatus:
        state = record.state
        try:
            description = self.plugins.backend(record.backend).describe(record.settings)
        except TuiauthError:
            description = f"{record.backend} (backend not installed)"
        except Exception:  # a plugin's describe() failing must not break the status view
            description = record.backend
        return LocationStatus(
            name=location,
            backend=record.backend,
            description=description,
            enabled=record.enabled,
            last_verified_at=state.verified_at,
            generation=state.generation,
            size=state.size,
            object_name=state.object,
            last_error=state.error,
            needs_sign_in=state.needs_sign_in,
            out_of_date=state.content != content,
            notices=tuple(state.notices),
            keep=record.keep,
            clock_offset=self.clock_offsets.get(location),
            secret_group=record.secret_group,
        )

    def status(self, location: str | None = None) -> list[LocationStatus]:
        """Every location's status (or one's), in the order they were added."""
        names = [location] if location is not None else self.locations
        content = self._content()[1]
        return [self._status(n, self.record(n), content) for n in names]

    def needs_backup(self) -> bool:
        """True when an enabled location's last verified backup is older than the vault's accounts."""
        return any(s.enabled and s.out_of_date for s in self.status())

    # --- backing up --------------------------------------------------------------------------------
    def prepare(self, locations: Sequence[str] | None = None, *, only_needed: bool = False) -> BackupJob:
        """Snapshot the backup body for ``locations`` (default: every enabled one). ``only_needed``
        skips locations already up to date and without a failure (what automatic backup wants)."""
        snapshot, content = self._content()
        tasks: list[Task] = []
        for name in locations if locations is not None else self.locations:
            record = self.record(name)
            if locations is None and not record.enabled:
                continue
            if only_needed and record.state.content == content and record.state.error is None:
                continue
            try:
                spec = self.plugins.backend(record.backend)
            except TuiauthError as exc:
                record.state.error = BackupProblem.of(exc, self.clock())
                self._store(name, record)
                continue
            tasks.append(Task(name, spec, dict(record.settings), record))
        return BackupJob(tasks, snapshot, content, self.vault.device_name, self.clock, self._pause)

    def apply(self, outcome: BackupOutcome) -> list[LocationStatus]:
        """Record what a job found; the vault is saved only when a backup was verified."""
        verified = False
        self.clock_offsets.update(outcome.clock_offsets)
        for name, result in outcome.results.items():
            if name not in self.vault.data.locations:
                continue  # removed while the job ran
            record = self.record(name)
            state = record.state
            if isinstance(result, CommitResult):
                verified = True
                state.verified_at, state.generation, state.size = result.verified_at, result.generation, result.size
                state.object, state.content = result.name, outcome.content
                state.highest_seen = max(state.highest_seen, result.highest_seen)
                state.error, state.needs_sign_in, state.notices = None, False, list(result.notices)
            else:
                state.error = result
                state.needs_sign_in = result.kind == "auth"
            self._store(name, record)
        if verified:
            self.vault.save(state_only=True)
        content = self._content()[1]
        return [self._status(n, self.record(n), content) for n in outcome.results if n in self.vault.data.locations]

    def backup_now(self, location: str | None = None, *, only_needed: bool = False) -> list[LocationStatus]:
        """Back up to ``location`` (or every enabled location) now; each status says how it went.
        ``only_needed``: locations already holding the accounts as they are get nothing (no status)."""
        if location is not None:
            self.record(location)
        return self.apply(self.prepare([location] if location is not None else None, only_needed=only_needed).run())

    def save_state(self) -> None:
        """Write the recorded states (e.g. a failure) into the vault file now."""
        self.vault.save(state_only=True)

    # --- configuring -------------------------------------------------------------------------------
    def enable(
        self,
        location: str,
        backend_name: str,
        settings: Mapping[str, str],
        recovery_secret: str,
        *,
        kdf: crypto.KdfParams | None = None,
        keep: int = DEFAULT_KEEP,
    ) -> LocationStatus:
        """Turn backup on to a new location and make the first backup.

        Checks the form and the recovery secret (long enough, not the vault password), tests the
        location (list, create, read back, delete a probe object), then creates the backup key set
        — or joins the one already there when the secret opens it — and backs up. Setup problems
        raise (``BackupSetupError``, ``BackendError``…) and nothing is stored; a failing first
        backup is stored and shown in the returned status.
        """
        name = check_location_name(location, self.vault.data.locations)
        spec = self.plugins.backend(backend_name)
        values = complete_settings(spec, settings)
        if keep < 1:
            raise BackupSetupError("keep at least one backup generation")
        check_secret(recovery_secret, self.vault.path)
        backend = spec.factory(values)
        try:
            names = probe_location(backend)
            keys, _ = keys_for(
                backend, names, recovery_secret, kdf or crypto.calibrate_kdf(), self.vault.data.recovery_key
            )
        finally:
            backend.close()
        self._store(name, LocationRecord(backend=spec.name, settings=values, keys=keys, keep=keep))
        (status,) = self.backup_now(name)
        if status.last_error is not None:
            self.vault.save(state_only=True)
        return status

    def sign_in(self, location: str, settings: Mapping[str, str]) -> LocationStatus:
        """New sign-in values for a location (T3: expired or changed credentials): tested, stored, then
        a backup is made. Fields left out keep their values."""
        record = self.record(location)
        spec = self.plugins.backend(record.backend)
        values = complete_settings(spec, {**record.settings, **settings})
        backend = spec.factory(values)
        try:
            probe_location(backend)
        finally:
            backend.close()
        record.settings = values
        record.state.error, record.state.needs_sign_in = None, False
        self._store(location, record)
        (status,) = self.backup_now(location)
        if status.last_error is not None:
            self.vault.save(state_only=True)
        return status

    def set_enabled(self, location: str, enabled: bool) -> LocationStatus:
        record = self.record(location)
        record.enabled = enabled
        self._store(location, record)
        self.vault.save(state_only=True)
        return self._status(location, record, self._content()[1])

    def disable(self, location: str) -> LocationStatus:
        """Stop backing up there; the backups already made stay where they are."""
        return self.set_enabled(location, False)

    def remove(self, location: str) -> None:
        """Forget the location and its sign-in values (the backups there are not deleted)."""
        self.record(location)
        del self.vault.data.locations[location]
        self.vault.save(state_only=True)
