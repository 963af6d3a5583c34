"""Errors of the backup engine itself (the backends' own errors are in ``tuiauth.core.errors``)."""

from __future__ import annotations

from ..errors import BackendServerError, TuiauthError


class BackupSetupError(TuiauthError):
    """Backup cannot be turned on (or a location changed) as asked: the message says why and what to do."""


class UnknownLocationError(TuiauthError):
    """No backup location has that name."""


class BackupVerifyError(BackendServerError):
    """The object read back from the location is not the backup that was written (truncated, changed)."""


class ContentionError(BackendServerError):
    """Other writers kept committing to the location at the same time; every attempt lost the race."""
