"""Automatic backup: a UI-free scheduler the app drives from a timer and a worker thread.

- ``changed()`` after every change of the accounts: a backup becomes due ``debounce`` seconds after
  the *last* change (typing a burst of edits makes one backup, not ten).
- ``next_due()`` / ``due()`` tell the app's timer when to act; ``begin()`` returns the job to run in a
  worker (``job.run()`` touches no vault) and ``finish(outcome)`` records it back on the app's side;
  ``run_once()`` does the three in a row.
- A location that failed with a network or server error is retried with exponential backoff
  (``retry_base`` · 2^n, at most ``retry_max``); one that needs the person (sign-in, permission,
  missing folder) waits for the next change or an explicit backup. Success resets the backoff.
Only locations that are out of date or failed are backed up — and shared ones (a sync): while
another device shares a location, a sync is also due ``sync_every`` seconds after the last round,
so its changes arrive without a change here (an unchanged head is not written again). The time
source is injectable.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .engine import BackupEngine
from .job import BackupJob, BackupOutcome
from .state import LocationStatus


class AutoBackup:
    def __init__(
        self,
        engine: BackupEngine,
        clock: Callable[[], float] = time.monotonic,
        *,
        debounce: float = 10.0,
        retry_base: float = 30.0,
        retry_max: float = 3600.0,
        sync_every: float = 300.0,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.debounce = debounce
        self.retry_base = retry_base
        self.retry_max = retry_max
        self.sync_every = sync_every
        self._last_round = clock()
        self.failures = 0
        self.running = False
        #: When the next backup is due (``clock`` time), or None when nothing is pending.
        self._due_at: float | None = clock() + debounce if engine.needs_backup() else None

    def changed(self) -> None:
        """The accounts changed: back up ``debounce`` seconds after the last change."""
        due = self.clock() + self.debounce
        self._due_at = max(due, self._due_at) if self.failures and self._due_at is not None else due

    def next_due(self) -> float | None:
        return self._due_at

    def due(self) -> bool:
        if self._due_at is None and self._shared() and self.clock() >= self._last_round + self.sync_every:
            self._due_at = self._last_round + self.sync_every
        return not self.running and self._due_at is not None and self.clock() >= self._due_at

    def _shared(self) -> bool:
        """Whether an enabled location is shared with other devices (checked every tick: cheap)."""
        return any(raw.get("devices") and raw.get("enabled", True) for raw in self.engine.vault.data.locations.values())

    def begin(self) -> BackupJob | None:
        """The job to run now (in a worker), or None when nothing is due or a job is running."""
        if not self.due():
            return None
        self._due_at = None
        job = self.engine.prepare(only_needed=True)
        if not job.locations:
            return None
        self.running = True
        return job

    def finish(self, outcome: BackupOutcome) -> list[LocationStatus]:
        """Record a finished job and schedule the retry, if one of its locations can use one."""
        self.running = False
        self._last_round = self.clock()
        statuses = self.engine.apply(outcome)
        if any(s.last_error is not None and s.last_error.retryable for s in statuses):
            delay = min(self.retry_base * 2**self.failures, self.retry_max)
            self.failures += 1
            retry_at = self.clock() + delay
            self._due_at = retry_at if self._due_at is None else max(self._due_at, retry_at)
        elif all(s.last_error is None for s in statuses):
            self.failures = 0
        return statuses

    def run_once(self) -> list[LocationStatus]:
        """``begin``, ``run`` and ``finish`` in a row (for callers without a worker thread)."""
        job = self.begin()
        if job is None:
            return []
        try:
            outcome = job.run()
        except BaseException:
            self.running = False
            raise
        return self.finish(outcome)
