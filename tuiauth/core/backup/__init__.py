"""The backup engine: encrypted, verified backups of the accounts to storage backends.

For the restore flow (no vault needed):

- ``list_backups(backend) -> list[BackupInfo]`` — header facts of each backup, newest first;
- ``read_backup(backend, name, *, secret=None, recovery_key=None) -> BackupContents``;
- ``read_latest(backend, *, secret=None, recovery_key=None) -> BackupContents`` — the head.

For the app and the CLI (an open, writable vault):

- ``BackupEngine(vault, plugins, clock=time.time)`` — ``enable``, ``status``, ``backup_now``,
  ``disable``, ``remove``, ``sign_in``, ``needs_backup``; ``prepare``/``BackupJob.run``/``apply``
  split a backup into vault-side steps and a network step that can run in a worker thread;
- ``AutoBackup(engine, clock=time.monotonic)`` — debounce after changes, retries with backoff;
- ``LocationStatus.marker`` per location and ``worst_marker(statuses)`` for the header.
"""

from .auto import AutoBackup
from .body import backup_data, fingerprint, parse_backup_body
from .engine import BackupEngine
from .errors import BackupSetupError, BackupVerifyError, ContentionError, UnknownLocationError
from .job import BackupJob, BackupOutcome
from .merge import merge_contents
from .names import generation_of, object_name
from .reader import (
    BackupContents,
    BackupInfo,
    NoBackupError,
    list_backups,
    read_backup,
    read_latest,
)
from .state import BackupProblem, LocationStatus, Marker, worst_marker

__all__ = [
    "AutoBackup",
    "BackupContents",
    "BackupEngine",
    "BackupInfo",
    "BackupJob",
    "BackupOutcome",
    "BackupProblem",
    "BackupSetupError",
    "BackupVerifyError",
    "ContentionError",
    "LocationStatus",
    "Marker",
    "NoBackupError",
    "UnknownLocationError",
    "backup_data",
    "fingerprint",
    "generation_of",
    "list_backups",
    "merge_contents",
    "object_name",
    "parse_backup_body",
    "read_backup",
    "read_latest",
    "worst_marker",
]
