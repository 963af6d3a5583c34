"""The app's side of backup: one engine per open vault, every engine call in a job off the UI, the
statuses the marker and the backup screen show, and automatic backup after changes.

Engine calls (network, key derivation, saving the vault) run as the app's vault-writing jobs
(``tuiauth/controllers/jobs.py``), one at a time with every other change to the vault; their results
come back to the event loop, which publishes ``signal`` so the marker and the backup screen redraw.
The app calls ``tick(now)`` every second: a new vault generation (any saved change) tells
``AutoBackup`` to back up once the debounce has passed, and a due backup starts a job. Time comes
from ``services.clock``, so tests drive debounce and retries with a fake clock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.signal import Signal

from ..core.errors import TuiauthError
from .backup_text import sentence

if TYPE_CHECKING:
    from ..app import TuiauthApp
    from ..core.backup import AutoBackup, BackupEngine, LocationStatus

T = TypeVar("T")
READING = "Reading the backup state"


class BackupControl:
    def __init__(self, app: TuiauthApp) -> None:
        self.app = app
        #: Published (with this object) whenever the statuses or the running work change.
        self.signal: Signal[BackupControl] = Signal(app, "backup")
        self.statuses: list[LocationStatus] = []
        #: What the workers are doing right now, e.g. "Backing up to home" (shown as progress).
        self.running: list[str] = []
        self.engine: BackupEngine | None = None
        self.auto: AutoBackup | None = None
        self._generation = -1
        self._auto_started = False

    # --- lifetime ------------------------------------------------------------------------------
    def open(self) -> None:
        """A vault was opened: its engine, statuses and automatic backup, made in a worker (importing
        the engine and reading the state stay off the first frame)."""
        vault = self.app.services.vault
        if vault is None:
            return
        services = self.app.services

        def start() -> tuple[BackupEngine, AutoBackup, list[LocationStatus]]:
            from ..core.backup import AutoBackup, BackupEngine

            engine = BackupEngine(vault, services.plugins, clock=services.clock)
            return engine, AutoBackup(engine, clock=services.clock), engine.status()

        def failed(error: TuiauthError) -> None:
            if READING in self.running:
                self.running.remove(READING)
            self.app.notify(sentence(error.message), title="Backup", severity="error")
            self.signal.publish(self)

        def begin() -> None:
            if self.app.services.vault is vault:
                jobs = self.app.jobs
                jobs.run(
                    self.app,
                    READING,
                    start,
                    lambda made: self._opened(*made),
                    failed,
                    group="backup",
                    writes_vault=True,
                )

        self.running = [READING]
        self.app.call_after_refresh(begin)  # after the first frame: the import would compete with it

    def _opened(self, engine: BackupEngine, auto: AutoBackup, statuses: list[LocationStatus]) -> None:
        vault = self.app.services.vault
        if vault is not engine.vault:
            return  # locked (or another vault opened) meanwhile
        self.engine, self.auto, self.statuses = engine, auto, statuses
        if READING in self.running:
            self.running.remove(READING)
        self._generation, self._auto_started = vault.generation, False
        self.signal.publish(self)

    def close(self) -> None:
        """The vault was locked: forget its engine (a worker still running reports to no one)."""
        self.engine, self.auto, self.statuses, self.running = None, None, [], []
        self._auto_started = False
        self.signal.publish(self)

    # --- running engine calls ------------------------------------------------------------------
    def run(
        self,
        label: str,
        job: Callable[[BackupEngine], T],
        then: Callable[[T], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``job(engine)`` as a vault-writing job, then ``then(result)`` on the event loop; a
        ``TuiauthError`` (a plugin's failure is one) goes to ``failed`` or a notification, never a crash.
        The statuses are read again afterwards either way."""
        engine = self.engine
        if engine is None:
            message = "the backup state is still being read: try again in a moment"
            if failed is not None:
                failed(message)
            else:
                self.app.notify(message.capitalize(), severity="warning")
            return
        self.running.append(label)
        self.signal.publish(self)
        accounts = engine.vault.data.accounts  # a sync that brings changes replaces the list

        def work() -> tuple[T | None, TuiauthError | None, list[LocationStatus] | None]:
            result: T | None = None
            error: TuiauthError | None = None
            try:
                result = job(engine)
            except TuiauthError as exc:
                error = exc
            try:
                statuses = engine.status()
            except TuiauthError:
                statuses = None
            return result, error, statuses

        self.app.jobs.run(
            self.app,
            label,
            work,
            lambda outcome: self._done(engine, label, *outcome, then, failed, accounts),
            lambda error: self._done(engine, label, None, error, None, then, failed, accounts),
            group="backup",
            writes_vault=True,
        )

    def _done(
        self,
        engine: BackupEngine,
        label: str,
        result: T | None,
        error: TuiauthError | None,
        statuses: list[LocationStatus] | None,
        then: Callable[[T], None] | None,
        failed: Callable[[str], None] | None,
        accounts: object = None,
    ) -> None:
        """``accounts``: the vault's list of accounts when the job started (a sync that brought
        changes replaced it)."""
        if engine is not self.engine:
            return  # locked while it ran
        if label in self.running:
            self.running.remove(label)
        if statuses is not None:
            self.statuses = statuses
        if error is not None:
            if failed is not None:
                failed(error.message)
            else:
                self.app.notify(sentence(error.message), title="Backup", severity="error")
        elif then is not None:
            then(result)  # type: ignore[arg-type]
        self._follow_up()
        self.signal.publish(self)
        if engine.vault.data.accounts is not accounts:
            self._synced()

    def _synced(self) -> None:
        """Another device's changes arrived: show them in the list and say what came (T: the trash)."""
        from ..screens.accounts import AccountsScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, AccountsScreen):
                screen.reload()
        lines = [n for s in self.statuses for n in s.notices if n.startswith(("synced from", "conflict:"))]
        if lines:
            more = " (T shows the trash)" if any("trash" in line for line in lines) else ""
            self.app.notify("; ".join(lines) + more, title="Sync")

    def refresh(self) -> None:
        self.run(READING, lambda engine: None)

    # --- automatic backup ----------------------------------------------------------------------
    def tick(self, now: float) -> None:
        """Called every second: notice saved changes, start a backup when one is due."""
        vault, auto = self.app.services.vault, self.auto
        if vault is None or auto is None or self.engine is None:
            return
        if vault.generation != self._generation:
            self._generation = vault.generation
            if any(s.enabled for s in self.statuses):
                auto.changed()
                self.refresh()
        if not self._auto_started and auto.due():
            self._auto_started = True
            self.run("Backing up", self._auto_job, self._auto_done, self._auto_failed)
        elif self.statuses:
            self.signal.publish(self)  # the marker's "… ago" moves on

    def _auto_job(self, engine: BackupEngine) -> int:
        """Run a due backup; returns the vault generation its own save left (or found)."""
        auto = self.auto
        job = auto.begin() if auto is not None else None
        if auto is not None and job is not None:
            try:
                outcome = job.run()
            except BaseException:
                auto.running = False
                raise
            auto.finish(outcome)
        return engine.vault.generation

    def _auto_done(self, generation: int) -> None:
        """The backup's own save is not a change to back up; a change saved since then still is."""
        self._auto_started = False
        vault = self.app.services.vault
        if vault is not None and vault.generation == generation:
            self._generation = generation

    def _auto_failed(self, message: str) -> None:
        self._auto_started = False
        self.app.notify(message[:1].upper() + message[1:], title="Automatic backup", severity="error")

    def _follow_up(self) -> None:
        """A change made while a backup ran leaves a location out of date with nothing scheduled:
        schedule it (failures that need the person wait for them)."""
        auto = self.auto
        if auto is None or auto.next_due() is not None or auto.running:
            return
        if any(s.enabled and s.out_of_date and s.last_error is None and not s.held_by for s in self.statuses):
            auto.changed()
