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
from .devices import Device, device_labels, listed_devices, merge_seen, writer_of
from .errors import BackupSetupError, SharedLocationError, UnknownLocationError
from .job import BackupJob, BackupOutcome, Task
from .protocol import CommitResult, Head, SyncHeld, scan
from .report import incomplete_reason, sync_notices
from .setup import check_location_name, check_secret, complete_settings, keys_for, probe_location
from .state import DEFAULT_KEEP, BackupProblem, LocationRecord, LocationState, LocationStatus
from .sync import sync_into

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
        self._content_cache: tuple[int, int, str] | None = None
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

    def _content(self) -> str:
        """The fingerprint of what a backup would hold now (cached per vault save)."""
        key = (id(self.vault.data), self.vault.generation)
        cached = self._content_cache
        if cached is not None and cached[:2] == key:
            return cached[2]
        content = fingerprint(backup_data(self.vault.data, self.plugins.methods()).to_json())
        self._content_cache = (*key, content)
        return content

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
            out_of_date=state.content != content or bool(state.incomplete) or state.held is not None,
            notices=tuple(state.notices),
            keep=record.keep,
            out_of_date_reason=_reason(location, state),
            held_by=(state.held["name"] or "a device with no name") if state.held is not None else "",
            shared_with=tuple(sorted(record.devices.values(), key=lambda d: d.seen, reverse=True)),
            clock_offset=self.clock_offsets.get(location),
            secret_group=record.secret_group,
        )

    def status(self, location: str | None = None) -> list[LocationStatus]:
        """Every location's status (or one's), in the order they were added."""
        names = [location] if location is not None else self.locations
        content = self._content()
        return [self._status(n, self.record(n), content) for n in names]

    def needs_backup(self) -> bool:
        """True when an enabled location's last verified backup is older than the vault's accounts."""
        return any(s.enabled and s.out_of_date for s in self.status())

    # --- backing up --------------------------------------------------------------------------------
    def prepare(self, locations: Sequence[str] | None = None, *, only_needed: bool = False) -> BackupJob:
        """Snapshot the backup body for ``locations`` (default: every enabled one). ``only_needed``
        skips locations already up to date and without a failure (what automatic backup wants)."""
        content = self._content()
        tasks: list[Task] = []
        for name in locations if locations is not None else self.locations:
            record = self.record(name)
            if locations is None and not record.enabled:
                continue
            if only_needed and not self._worth_syncing(record, content):
                continue
            try:
                spec = self.plugins.backend(record.backend)
            except TuiauthError as exc:
                record.state.error = BackupProblem.of(exc, self.clock())
                self._store(name, record)
                continue
            write = not only_needed or self._worth_writing(record, content)
            tasks.append(Task(name, spec, dict(record.settings), record, write))
        data = self.vault.data
        local = VaultData(
            accounts=list(data.accounts),
            tombstones=dict(data.tombstones),
            device=dict(data.device),
            settings=dict(data.settings),
            trash=list(data.trash),
        )
        return BackupJob(
            tasks, local, content, me=self.me, methods=self.plugins.methods(), generation=self.vault.generation,
            clock=self.clock, pause=self._pause,
        )  # fmt: skip

    @property
    def me(self) -> Device:
        """This device as commits name it: its vault's id and device name."""
        return Device(self.vault.vault_id, self.vault.device_name)

    @staticmethod
    def _worth_writing(record: LocationRecord, content: str) -> bool:
        """The accounts changed since the last backup there, or it failed or is incomplete."""
        state = record.state
        return state.content != content or state.error is not None or bool(state.incomplete)

    def _worth_syncing(self, record: LocationRecord, content: str) -> bool:
        """Worth writing, or held, or shared with other devices (their changes are pulled; an
        unchanged head is not written again: ``protocol.commit``)."""
        return self._worth_writing(record, content) or record.state.held is not None or bool(record.devices)

    def apply(self, outcome: BackupOutcome) -> list[LocationStatus]:
        """Record what a job found and bring the synced changes into the vault, which is saved when
        a backup was committed. Each committed backup is then checked against the vault: a backup
        that does not hold what this device holds leaves the location out of date, saying why."""
        committed: list[tuple[str, CommitResult]] = []
        held = False
        self.clock_offsets.update(outcome.clock_offsets)
        for name, result in outcome.results.items():
            if name not in self.vault.data.locations:
                continue  # removed while the job ran
            record = self.record(name)
            state = record.state
            if isinstance(result, CommitResult):
                state.verified_at, state.generation, state.size = result.verified_at, result.generation, result.size
                state.object, state.content = result.name, result.content
                state.highest_seen = max(state.highest_seen, result.highest_seen)
                state.error, state.needs_sign_in = None, False
                state.notices = [*result.notices, *sync_notices(result)]
                state.synced_upto, state.held, state.incomplete = result.synced_upto, None, ""
                record.devices = dict(result.trusted)
                committed.append((name, result))
            elif isinstance(result, SyncHeld):
                state.held = {"id": result.device.id, "name": result.device.name, "object": result.object}
                state.error, state.needs_sign_in, state.notices = None, False, list(result.notices)
                held = True
            else:
                state.error = result
                state.needs_sign_in = result.kind == "auth"
            self._store(name, record)
        if committed:
            self._take_sync(outcome.generation, [r for _, r in committed])
            methods = self.plugins.methods()
            # Computed afresh: the sync may have changed the vault's contents before this save.
            local_content = fingerprint(backup_data(self.vault.data, methods).to_json())
            for name, result in committed:
                record = self.record(name)
                record.state.incomplete = incomplete_reason(result, self.vault.data, methods, local_content)
                self._store(name, record)
            self.vault.save(state_only=True)
            self._content_cache = (id(self.vault.data), self.vault.generation, local_content)
        elif held:  # a held sync is kept until the person decides (unlike a failure)
            self.vault.save(state_only=True)
        content = self._content()
        return [self._status(n, self.record(n), content) for n in outcome.results if n in self.vault.data.locations]

    def _take_sync(self, prepared_at: int, results: Sequence[CommitResult]) -> None:
        """Bring the commits' synced contents into the vault: as they are when the vault did not
        change while the job ran, else by applying the same heads to the vault as it is now."""
        data = self.vault.data
        synced = [r.synced for r in results if r.synced is not None]
        if not synced:
            return
        if self.vault.generation == prepared_at:
            if not any(r.changed or r.data.trash != data.trash for r in synced):
                return  # nothing came from the others: the vault keeps its very lists
            final = synced[-1].data
        else:
            final = data
            for result in results:
                final = sync_into(
                    final, result.remotes, self.plugins.methods(), now=self.clock(),
                    synced_upto=result.based_on, device_name=self.vault.device_name,
                ).data  # fmt: skip
        data.accounts, data.tombstones, data.device = final.accounts, final.tombstones, final.device
        data.settings, data.trash = final.settings, final.trash

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
        share: bool = False,
    ) -> LocationStatus:
        """Turn backup on to a new location and make the first backup.

        A location that already holds another device's backups (of the same set) is a sync with
        that device: only with ``share`` (the person said yes; its devices are then trusted), else
        ``BackupSetupError`` saying so and nothing is stored.

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
            keys, joined = keys_for(
                backend, names, recovery_secret, kdf or crypto.calibrate_kdf(), self.vault.data.recovery_key
            )
            record = LocationRecord(backend=spec.name, settings=values, keys=keys, keep=keep)
            if joined:
                self._join(name, record, scan(backend, keys).heads, share)
        finally:
            backend.close()
        self._store(name, record)
        (status,) = self.backup_now(name)
        if status.last_error is not None:
            self.vault.save(state_only=True)
        return status

    def _join(self, location: str, record: LocationRecord, heads: Sequence[Head], share: bool) -> None:
        """Trust the devices of the backups already at ``location`` when sharing was chosen."""
        me = self.me
        found = merge_seen(*(listed_devices(h.data) for h in heads))
        writers = [writer_of(h.data) for h in heads]
        others = {i: d for i, d in found.items() if i != me.id}
        if not others and all(w is not None and w.id == me.id for w in writers):
            return  # only this vault's own backups: nothing is shared
        if not share:
            names = ", ".join(device_labels(others.values())) or "another device"
            raise SharedLocationError(
                f"{location} already holds the backups of {names}: backing up there from this machine too "
                "makes it sync with them; confirm sharing (--share) to go on, or choose another location",
                names,
            )
        record.devices = others
        record.state.object = min(h.name for h in heads) if heads else None

    def trust(self, location: str) -> LocationStatus:
        """Trust the device whose backup holds the sync at ``location``, then back up (a sync)."""
        record = self.record(location)
        held = record.state.held
        if held is None:
            raise BackupSetupError(f"no backup by an unknown device waits at {location}")
        if held["id"]:
            record.devices[held["id"]] = Device(held["id"], held["name"])
        else:  # a backup made before backups named their device: trust that very object
            record.state.object = held.get("object") or record.state.object
        record.state.held = None
        self._store(location, record)
        (status,) = self.backup_now(location)
        if status.last_error is not None:
            self.vault.save(state_only=True)
        return status

    def sign_in(self, location: str, settings: Mapping[str, str]) -> LocationStatus:
        """New sign-in values for a location (expired or changed credentials): tested, stored, then
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
        return self._status(location, record, self._content())

    def disable(self, location: str) -> LocationStatus:
        """Stop backing up there; the backups already made stay where they are."""
        return self.set_enabled(location, False)

    def remove(self, location: str) -> None:
        """Forget the location and its sign-in values (the backups there are not deleted)."""
        self.record(location)
        del self.vault.data.locations[location]
        self.vault.save(state_only=True)


def _reason(location: str, state: LocationState) -> str:
    """Why a location is out of date when it is more than a change since the last backup, and the fix."""
    if state.held is not None:
        who = state.held["name"] or "a device with no name"
        return (
            f"the newest backup there was written by {who}, a device this one does not know yet; nothing "
            f"from it was applied: trust it (tuiauth backup trust --location {location}) to sync, "
            "or turn this location off"
        )
    if state.incomplete:
        return f"{state.incomplete}; back up again to sync (tuiauth backup now --location {location})"
    return ""
