"""The network half of a backup: ``BackupJob.run()`` syncs a snapshot with each location and commits it.

It touches no vault — the snapshot, the settings and the keys were copied by
``BackupEngine.prepare`` — so the app can run it in a worker thread and hand the ``BackupOutcome``
back to ``BackupEngine.apply`` on its own thread. Locations are synced one after the other, each
starting from the contents the previous one synced into (one location's changes reach the next).
Every failure becomes the location's ``BackupProblem``; a plugin's unexpected exception is reported
by type only (its text could hold a credential).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import TuiauthError
from ..specs import BackendSpec, MethodSpec
from ..vaultdata import VaultData
from .clock import offset_of
from .devices import Device
from .protocol import CommitResult, SyncHeld, commit
from .state import BackupProblem, LocationRecord


@dataclass(frozen=True)
class Task:
    location: str
    spec: BackendSpec
    settings: dict[str, str]
    record: LocationRecord
    #: False when the location is only synced (shared, nothing changed here): an unchanged head is
    #: then not written again.
    write: bool = True

    def __repr__(self) -> str:
        return f"Task({self.location!r})"


Result = CommitResult | SyncHeld | BackupProblem


@dataclass(frozen=True)
class BackupOutcome:
    """What ``BackupJob.run`` found: per location a commit, a sync held for an untrusted device, or
    the problem that stopped it. ``generation`` is the vault's when the job was prepared."""

    content: str
    results: dict[str, Result]
    generation: int = 0
    #: Per location that reported its server's time (HTTP ``Date``): seconds the server's clock is
    #: ahead of this computer's (tuiauth/core/backup/clock.py).
    clock_offsets: dict[str, float] = field(default_factory=dict)


class BackupJob:
    """The network half of a backup. ``run()`` touches no vault: it is safe in a worker thread."""

    def __init__(
        self,
        tasks: Sequence[Task],
        snapshot: VaultData,
        content: str,
        *,
        me: Device,
        methods: Mapping[str, MethodSpec],
        generation: int,
        clock: Callable[[], float],
        pause: Callable[[float], None],
    ) -> None:
        self._tasks = tuple(tasks)
        self._snapshot = snapshot
        self.content = content
        self._me = me
        self._methods = methods
        self._generation = generation
        self._clock = clock
        self._pause = pause
        self._offsets: dict[str, float] = {}

    @property
    def locations(self) -> tuple[str, ...]:
        return tuple(t.location for t in self._tasks)

    def run(self) -> BackupOutcome:
        results: dict[str, Result] = {}
        local = self._snapshot
        for task in self._tasks:
            result = results[task.location] = self._run_one(task, local)
            if isinstance(result, CommitResult) and result.synced is not None:
                local = result.synced.data
        return BackupOutcome(self.content, results, self._generation, dict(self._offsets))

    def _run_one(self, task: Task, local: VaultData) -> Result:
        try:
            backend = task.spec.factory(task.settings)
        except TuiauthError as exc:
            return BackupProblem.of(exc, self._clock())
        except Exception as exc:  # a plugin's bug: reported on the location, never a crash
            return self._plugin_bug(task, exc)
        try:
            return commit(
                backend,
                task.record.keys,
                local,
                methods=self._methods,
                me=self._me,
                trusted=task.record.devices,
                own_object=task.record.state.object,
                synced_upto=task.record.state.synced_upto,
                highest_seen=task.record.state.highest_seen,
                write_unchanged=task.write,
                keep=task.record.keep,
                clock=self._clock,
                pause=self._pause,
            )
        except TuiauthError as exc:
            return BackupProblem.of(exc, self._clock())
        except Exception as exc:  # a plugin's bug
            return self._plugin_bug(task, exc)
        finally:
            offset = offset_of(backend, self._clock())
            if offset is not None:
                self._offsets[task.location] = offset
            with contextlib.suppress(Exception):  # closing a broken connection must not hide the result
                backend.close()

    def _plugin_bug(self, task: Task, exc: Exception) -> BackupProblem:
        """Type name only: a plugin's exception text could carry a credential."""
        return BackupProblem(f"the {task.spec.name} backend failed ({type(exc).__name__})", "other", "", self._clock())
