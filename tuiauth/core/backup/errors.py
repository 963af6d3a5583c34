"""Errors of the backup engine itself (the backends' own errors are in ``tuiauth.core.errors``)."""

from __future__ import annotations

from ..errors import BackendServerError, TuiauthError


class BackupSetupError(TuiauthError):
    """Backup cannot be turned on (or a location changed) as asked: the message says why and what to do."""


class SharedLocationError(BackupSetupError):
    """The location holds another device's backups: backing up there makes this one sync with it,
    which needs the person's yes (``share=True``). ``devices`` names them."""

    def __init__(self, message: str, devices: str = "") -> None:
        super().__init__(message)
        self.devices = devices


class UnknownLocationError(TuiauthError):
    """No backup location has that name."""


class BackupVerifyError(BackendServerError):
    """The object read back from the location is not the backup that was written (truncated, changed)."""


class ContentionError(BackendServerError):
    """Other writers kept committing to the location at the same time; every attempt lost the race."""
