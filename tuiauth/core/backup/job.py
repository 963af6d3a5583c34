"""The network half of a backup: ``BackupJob.run()`` commits one snapshot to each location.

It touches no vault — the snapshot, the settings and the keys were copied by
``BackupEngine.prepare`` — so the app can run it in a worker thread and hand the ``BackupOutcome``
back to ``BackupEngine.apply`` on its own thread. Every failure becomes the location's
``BackupProblem``; a plugin's unexpected exception is reported by type only (its text could hold a
credential).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import TuiauthError
from ..specs import BackendSpec
from ..vaultdata import VaultData
from .clock import offset_of
from .protocol import CommitResult, commit
from .state import BackupProblem, LocationRecord


@dataclass(frozen=True)
class Task:
    location: str
    spec: BackendSpec
    settings: dict[str, str]
    record: LocationRecord

    def __repr__(self) -> str:
        return f"Task({self.location!r})"


@dataclass(frozen=True)
class BackupOutcome:
    """What ``BackupJob.run`` found: per location a verified commit or the problem that stopped it."""

    content: str
    results: dict[str, CommitResult | BackupProblem]
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
        device: str,
        clock: Callable[[], float],
        pause: Callable[[float], None],
    ) -> None:
        self._tasks = tuple(tasks)
        self._snapshot = snapshot
        self.content = content
        self._device = device
        self._clock = clock
        self._pause = pause
        self._offsets: dict[str, float] = {}

    @property
    def locations(self) -> tuple[str, ...]:
        return tuple(t.location for t in self._tasks)

    def run(self) -> BackupOutcome:
        results: dict[str, CommitResult | BackupProblem] = {}
        for task in self._tasks:
            results[task.location] = self._run_one(task, self._snapshot)
        return BackupOutcome(self.content, results, dict(self._offsets))

    def _run_one(self, task: Task, local: VaultData) -> CommitResult | BackupProblem:
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
                device=self._device,
                highest_seen=task.record.state.highest_seen,
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
