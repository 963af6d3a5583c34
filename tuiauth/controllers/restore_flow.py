"""One restore in the TUI: the state the restore screens share and every call
to the UI-free ``RestoreService``, each a job of the app's runner (``tuiauth/controllers/jobs.py``) so
the screens stay live.

The steps are screens pushed one above the other — location and sign-in, backup and recovery secret,
the plan, (on a new machine) the new vault's password — so Esc always goes one step back. A problem
(``RestoreProblem``) opens ``RestoreProblemScreen``, whose action leads to the step that fixes it:
try again, sign in again, another location or backup, the secret again, add accounts by hand, merge.

Nothing is written until the plan is confirmed. On a new machine there is no vault while the plan is
made (it is planned against an empty one); the vault is created, with its new password and recovery
key, only when the person confirms the restore.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen

from ..core.errors import TuiauthError
from ..core.restore.location import Location
from ..core.restore.plan import Mode
from ..core.restore.problems import RestoreProblem, RestoreProblemError, not_empty
from ..core.restore.service import BackupChoice, PlannedRestore, RestoreReport, RestoreService
from ..core.vaultdata import VaultData
from ..widgets.restore_progress import RestoreProgress

if TYPE_CHECKING:
    from ..app import TuiauthApp
    from ..core.vault import Vault

T = TypeVar("T")


def vault_job(
    app: TuiauthApp, label: str, job: Callable[[], T], then: Callable[[T], None], failed: Callable[[str], None]
) -> None:
    """Run ``job`` (which saves the vault) as a vault-writing job (``tuiauth/controllers/jobs.py``),
    through the backup controller when a vault is open (it reads the statuses again afterwards), then
    ``then(result)`` on the event loop."""
    if app.backup.engine is not None:
        app.backup.run(label, lambda _engine: job(), then, failed)
        return
    app.jobs.run(app, label, job, then, lambda error: failed(error.message), group="restore", writes_vault=True)


def problem_of_error(error: TuiauthError) -> RestoreProblem:
    """What the problem screen shows for an error no restore step turned into a problem itself."""
    if isinstance(error, RestoreProblemError):
        return error.problem
    return RestoreProblem(kind="server", message=error.message, advice="", action="retry")


class RestoreFlow:
    def __init__(self, app: TuiauthApp) -> None:
        self.app = app
        self.service: RestoreService | None = None
        self.location: Location | None = None
        self.choices: list[BackupChoice] = []
        self.planned: PlannedRestore | None = None
        self.mode: Mode = "strict"
        #: Held while a job uses the service's connection, so that closing it waits for that job.
        self._connection = threading.Lock()
        self._ticket = 0
        self._last: Callable[[], None] | None = None

    # --- what the screens read -------------------------------------------------------------------
    @property
    def vault(self) -> Vault | None:
        return self.app.services.vault

    @property
    def new_machine(self) -> bool:
        """No vault here yet: the restore creates it once the plan is confirmed."""
        return self.vault is None

    def local(self) -> VaultData:
        vault = self.vault
        return vault.data if vault is not None else VaultData()

    # --- running service calls ---------------------------------------------------------------------
    def run(self, screen: Screen[Any], label: str, job: Callable[[], T], then: Callable[[T], None]) -> None:
        """``job()`` in a thread worker (one at a time), its progress on ``screen``; ``then(result)``
        on the event loop, or the problem screen. Results that arrive after ``cancel()`` are dropped."""
        self._ticket += 1
        ticket = self._ticket
        self._last = lambda: self.run(screen, label, job, then)
        progress = screen.query_one(RestoreProgress)
        progress.start(label)

        def work() -> T:
            with self._connection:
                return job()

        self.app.jobs.run(
            self.app,
            label,
            work,
            lambda value: self._finished(ticket, screen, then, True, value),
            lambda error: self._finished(ticket, screen, then, False, problem_of_error(error)),
            group="restore",
        )

    def _finished(self, ticket: int, screen: Screen[Any], then: Callable[[Any], None], ok: bool, value: Any) -> None:
        if ticket != self._ticket:
            return
        if screen not in self.app.screen_stack:  # the vault was locked meanwhile: the flow is over
            self.close()
            return
        screen.query_one(RestoreProgress).stop()
        if ok:
            then(value)
        else:
            self.show_problem(value)

    @property
    def busy(self) -> bool:
        return any(w.group == "restore" and w.is_running for w in self.app.workers)

    def cancel(self, screen: Screen[Any]) -> None:
        """Esc while something runs: its result will be dropped."""
        self._ticket += 1
        screen.query_one(RestoreProgress).stop()

    # --- the steps ---------------------------------------------------------------------------------
    def connect(self, screen: Screen[Any], location: Location, others: list[Location]) -> None:
        """List the backups at ``location`` (not found, unreachable, sign-in and no-backup problems come from here)."""
        self.close()
        self.location, self.mode = location, "strict"
        service = self.service = RestoreService(self.app.services.plugins, location, others=others)
        self.run(screen, f"Looking for backups at {location.name}", service.backups, self._found)

    def _found(self, choices: list[BackupChoice]) -> None:
        from ..screens.restore_backups import RestoreBackupsScreen

        self.choices = choices
        self.app.push_screen(RestoreBackupsScreen(self))

    def unlock(self, screen: Screen[Any], generation: int, *, secret: str = "", recovery_key: str = "") -> None:
        """Open the chosen backup with the recovery secret or key (one key derivation), then plan."""
        service = self.service
        assert service is not None
        local, methods, mode = self.local(), self.app.methods, self.mode

        def job() -> tuple[list[BackupChoice], PlannedRestore]:
            if recovery_key:
                service.unlock(recovery_key=recovery_key, generation=generation)
            else:
                service.unlock(secret=secret, generation=generation)
            return service.backups(), service.plan(local, methods, mode)

        self.run(screen, f"Deriving the backup key and opening generation {generation}", job, self._opened)

    def _opened(self, result: tuple[list[BackupChoice], PlannedRestore]) -> None:
        self.choices, planned = result
        self._review(planned)

    def replan(self, screen: Screen[Any], mode: Mode) -> None:
        """Plan again (merge mode after strict mode refused, or after the vault changed); no key derivation."""
        service = self.service
        assert service is not None
        self.mode = mode
        local, methods = self.local(), self.app.methods
        self.run(screen, "Planning the restore", lambda: service.plan(local, methods, mode), self._review)

    def _review(self, planned: PlannedRestore) -> None:
        from ..screens.restore_backups import RestoreBackupsScreen
        from ..screens.restore_review import RestoreReviewScreen

        self.planned = planned
        plan = planned.plan
        self.back_to(RestoreBackupsScreen)
        if plan.refused is not None:
            labels = tuple(a.label for a in plan.local_accounts)
            self.show_problem(not_empty(plan.refused.reason, plan.refused.way_out, labels))
            return
        self.app.push_screen(RestoreReviewScreen(self, planned))

    def apply(self, screen: Screen[Any]) -> None:
        """Restore into the open vault (serialised with backup work: both save the vault)."""
        service, planned, vault = self.service, self.planned, self.vault
        assert service is not None and planned is not None and vault is not None
        label = "Restoring the accounts and turning backup on again"
        progress = screen.query_one(RestoreProgress)
        progress.start(label)
        self._last = lambda: self.apply(screen)

        def job() -> RestoreReport | RestoreProblem:
            try:
                return service.apply(vault, planned)
            except RestoreProblemError as exc:
                return exc.problem

        def then(outcome: RestoreReport | RestoreProblem) -> None:
            progress.stop()
            if isinstance(outcome, RestoreProblem):
                self.show_problem(outcome)
            else:
                self.restored(outcome)

        def failed(message: str) -> None:
            progress.stop()
            self.show_problem(RestoreProblem(kind="server", message=message, advice="", action="retry"))

        vault_job(self.app, label, job, then, failed)

    def restored(self, report: RestoreReport) -> None:
        """Back to the accounts, which show the restored ones, with the outcome above them."""
        from ..screens.accounts import AccountsScreen
        from ..screens.restore_done import RestoreDoneScreen

        self.close()
        self.back_to(AccountsScreen)
        if isinstance(self.app.screen, AccountsScreen):
            self.app.screen.reload()
        self.app.backup.refresh()
        self.app.push_screen(RestoreDoneScreen(report))

    # --- problems and their actions ---------------------------------------------------------------
    def show_problem(self, problem: RestoreProblem) -> None:
        from ..screens.restore_problem import RestoreProblemScreen

        self.app.push_screen(RestoreProblemScreen(problem), lambda action: self.act(problem, action))

    def act(self, problem: RestoreProblem, action: str | None) -> None:
        """Lead to the step that fixes ``problem`` (the problem screen is already closed)."""
        from ..screens.restore_backups import RestoreBackupsScreen
        from ..screens.restore_location import RestoreLocationScreen

        if action == "retry" and problem.kind == "vault-changed":
            self.replan(self.app.screen, self.mode)
        elif action == "retry" and self._last is not None:
            self._last()
        elif action in ("sign-in", "choose-location"):
            screen = self.back_to(RestoreLocationScreen)
            if isinstance(screen, RestoreLocationScreen):
                screen.again(problem, sign_in=action == "sign-in")
        elif action in ("choose-backup", "secret"):
            screen = self.back_to(RestoreBackupsScreen)
            if isinstance(screen, RestoreBackupsScreen):
                screen.again(problem, secret=action == "secret")
        elif action == "merge":
            self.replan(self.app.screen, "merge")
        elif action == "add-account":
            self.add_by_hand()

    def back_to(self, kind: type[Screen[Any]]) -> Screen[Any]:
        """Close the screens above the nearest ``kind`` (if there is one); returns the top screen."""
        if any(isinstance(s, kind) for s in self.app.screen_stack):
            while not isinstance(self.app.screen, kind):
                self.app.pop_screen()
        return self.app.screen

    def add_by_hand(self) -> None:
        """No backup: leave the restore for the add-account form (on a new machine, after creating the vault)."""
        from ..screens.accounts import AccountsScreen
        from ..screens.restore_vault import RestoreVaultScreen

        self.close()
        if self.new_machine:
            self.app.push_screen(RestoreVaultScreen(self, None))
            return
        accounts = self.back_to(AccountsScreen)
        if isinstance(accounts, AccountsScreen):
            accounts.action_add()

    def close_now(self) -> None:
        """The restore screens are gone (closed, or the app is quitting): release the connection at
        once, unless a job still uses it (that job's connection then goes with the job)."""
        if not self._connection.acquire(blocking=False):
            return
        try:
            service, self.service, self.planned, self._last = self.service, None, None, None
            if service is not None:
                service.close()
        finally:
            self._connection.release()

    def close(self) -> None:
        """Forget the opened backup and release the connection (in a worker: it may wait on the network)."""
        service, self.service, self.planned, self._last = self.service, None, None, None
        if service is not None:

            def work() -> None:
                with self._connection:
                    service.close()

            ignore = lambda _: None  # noqa: E731 - a connection that fails to close is gone all the same
            self.app.jobs.run(self.app, "Closing the connection", work, ignore, ignore, group="restore-close")
