"""Every way a restore can go wrong as a typed outcome a screen or the CLI shows.

A ``RestoreProblem`` says what happened (``message``), what to do (``advice``), and which ``action``
a screen offers (one key away): ``retry``, ``sign-in``, ``choose-location``, ``choose-backup``,
``secret`` (give the recovery secret or key again), ``add-account``, ``merge`` or ``None``. Its
``kind`` names the case, so a screen can pick its state and a test its message:

==================  ===========================================================================
kind                when
==================  ===========================================================================
``no-backup``       the location holds no backup (``elsewhere`` lists configured locations
                    that do: backups restore from where they were made)
``deleted``         a configured location that held backups now holds none
``not-found``       the folder or bucket does not exist
``network``         the location cannot be reached (``cause``: dns, refused, timeout, tls…)
``sign-in``         sign-in failed, wrong account or expired credentials
``permission``      signed in, but that account may not read there
``server``          the server answered with an error
``wrong-secret``    the recovery secret or key does not open the backup
``damaged``         the chosen backup is damaged or not a tuiauth backup
``not-empty``       strict mode and a vault that holds accounts (``local`` shows them)
``rollback``        a warning: the backup is older than one seen before
``vault-changed``   the vault changed between planning and applying
``plugin``          the location's backend is not installed or failed
==================  ===========================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..backup import NoBackupError
from ..errors import (
    BackendAuthError,
    BackendError,
    BackendNetworkError,
    BackendNotFoundError,
    BackendPermissionError,
    CorruptFileError,
    PluginError,
    TamperedFileError,
    TuiauthError,
    UnsafeParametersError,
    WrongPasswordError,
)
from .errors import PlanOutdatedError, RestoreError

ProblemKind = Literal[
    "no-backup", "deleted", "not-found", "network", "sign-in", "permission", "server", "wrong-secret",
    "damaged", "not-empty", "rollback", "vault-changed", "plugin",
]  # fmt: skip
Action = Literal["retry", "sign-in", "choose-location", "choose-backup", "secret", "add-account", "merge"]

ADD_BY_HAND = "add the accounts again by hand (the add-account screen is one key away: a; or tuiauth add)"


@dataclass(frozen=True, kw_only=True)
class RestoreProblem:
    kind: ProblemKind
    message: str
    advice: str
    action: Action | None = None
    #: For ``network``: dns, refused, timeout, tls, reset or other.
    cause: str = ""
    #: For ``no-backup``: configured locations where backups were found ("name: description").
    elsewhere: tuple[str, ...] = ()
    #: For ``not-empty``: the labels of the accounts already in the vault.
    local: tuple[str, ...] = ()
    #: A warning does not stop the restore (``rollback``); every other problem does.
    warning: bool = False
    #: ``message`` without the locations or accounts it lists, for a view that lists them below it.
    brief: str = ""

    @property
    def text(self) -> str:
        """One line: what happened; what to do."""
        return f"{self.message}; {self.advice}" if self.advice else self.message

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "advice": self.advice,
            "action": self.action,
            "cause": self.cause,
            "elsewhere": list(self.elsewhere),
            "local": list(self.local),
            "warning": self.warning,
        }


class RestoreProblemError(RestoreError):
    """Carries a ``RestoreProblem``; its message is the problem's one line."""

    def __init__(self, problem: RestoreProblem) -> None:
        super().__init__(problem.text)
        self.problem = problem


@dataclass(frozen=True, kw_only=True)
class Where:
    """The location a problem is about, for its message (secret-free)."""

    name: str
    description: str
    #: The highest backup generation this vault saw there before (0 on a new machine).
    highest_seen: int = 0
    elsewhere: tuple[str, ...] = field(default=())


def no_backup(where: Where) -> RestoreProblem:
    if where.highest_seen:
        return RestoreProblem(
            kind="deleted",
            message=f"the backups at {where.name} ({where.description}) were deleted: generation "
            f"{where.highest_seen} was seen there before and none is left",
            advice=ADD_BY_HAND,
            action="add-account",
        )
    if where.elsewhere:
        return RestoreProblem(
            kind="no-backup",
            message=f"no backup was found at {where.name} ({where.description}); backups were found at "
            + ", ".join(where.elsewhere),
            brief=f"no backup was found at {where.name} ({where.description})",
            advice="backups restore from where they were made: choose that location",
            action="choose-location",
            elsewhere=where.elsewhere,
        )
    return RestoreProblem(
        kind="no-backup",
        message=f"no backup was found at {where.name} ({where.description})",
        advice="backups restore from where they were made: check the location (same server, folder and "
        f"recovery account as the backup); if the backup was deleted, {ADD_BY_HAND}",
        action="choose-location",
    )


def problem_of(exc: TuiauthError, where: Where) -> RestoreProblem:
    """The restore problem an error from a backend, the backup reader or the planner stands for."""
    at = f"{where.name} ({where.description})"
    if isinstance(exc, RestoreProblemError):
        return exc.problem
    if isinstance(exc, NoBackupError):
        return no_backup(where)
    if isinstance(exc, BackendNetworkError):
        return RestoreProblem(
            kind="network",
            message=exc.message,
            advice="check the connection and retry",
            action="retry",
            cause=exc.cause,
        )
    if isinstance(exc, BackendAuthError):
        return RestoreProblem(
            kind="sign-in",
            message=f"signing in to {at} failed: {exc.message}",
            advice="sign in again with the recovery account used for the backup (the password may have "
            "changed or expired)",
            action="sign-in",
        )
    if isinstance(exc, BackendPermissionError):
        return RestoreProblem(
            kind="permission",
            message=f"signed in to {at}, but not allowed to read there: {exc.message}",
            advice="sign in with the recovery account used for the backup (this looks like another account)",
            action="sign-in",
        )
    if isinstance(exc, BackendNotFoundError):
        return RestoreProblem(
            kind="not-found",
            message=f"nothing was found at {at}: {exc.message}",
            advice="backups restore from where they were made: check the address or folder",
            action="choose-location",
        )
    if isinstance(exc, BackendError):
        return RestoreProblem(kind="server", message=exc.message, advice="retry in a moment", action="retry")
    if isinstance(exc, WrongPasswordError):
        return RestoreProblem(
            kind="wrong-secret",
            message="the recovery secret (or recovery key) does not open this backup",
            advice="give the recovery secret set when backup was turned on, or the old vault's recovery key "
            "(the one you wrote down when that vault was created)",
            action="secret",
        )
    if isinstance(exc, CorruptFileError | TamperedFileError | UnsafeParametersError):
        return RestoreProblem(
            kind="damaged",
            message=f"this backup cannot be used: {exc.message}",
            advice="choose an older backup generation",
            action="choose-backup",
        )
    if isinstance(exc, PlanOutdatedError):
        return RestoreProblem(kind="vault-changed", message=exc.message, advice="", action="retry")
    if isinstance(exc, PluginError) and exc.plugin:  # the plugin is there, but failed
        return RestoreProblem(
            kind="plugin", message=exc.message, advice="retry, or report it to the plugin's authors", action="retry"
        )
    if isinstance(exc, PluginError):
        return RestoreProblem(
            kind="plugin",
            message=exc.message,
            advice="install it, or choose another location",
            action="choose-location",
        )
    return RestoreProblem(kind="server", message=exc.message, advice="retry", action="retry")


def not_empty(reason: str, way_out: str, local: tuple[str, ...]) -> RestoreProblem:
    shown = ", ".join(local[:5]) + (f" and {len(local) - 5} more" if len(local) > 5 else "")
    return RestoreProblem(
        kind="not-empty",
        message=f"nothing was restored: {reason} ({shown})",
        brief=f"nothing was restored: {reason}",
        advice=way_out,
        action="merge",
        local=local,
    )


def rollback(chosen: int, newer: int, *, seen_before: bool) -> RestoreProblem:
    where = "was made at this location before" if seen_before else "is at this location"
    return RestoreProblem(
        kind="rollback",
        message=f"this backup (generation {chosen}) is older than generation {newer}, which {where}",
        advice="restore the newest backup unless you mean to go back (the location may have been rolled back "
        "or be a stale copy)",
        action="choose-backup",
        warning=True,
    )
