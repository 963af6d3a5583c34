"""Names of backup objects: ``gen-<20 digits>-<16 hex>``, opaque to the backends.

The hex part is a SHA-256 prefix of the backup set's id and the parent object's file hash, so
every writer that builds generation N on the same head picks the *same* name: the backend's
create-only commit then lets exactly one of them win, and the others see ``BackendExistsError``,
re-read the new head, merge and try N + 1. Two valid objects of one generation (a fork) can only
appear when writers built on different heads, and are merged by the next commit.
"""

from __future__ import annotations

import re

from .. import crypto

PREFIX = "gen-"
#: Objects the engine writes to test a location before turning backup on; never counted as backups.
PROBE_PREFIX = "probe-"
_PATTERN = re.compile(r"gen-(\d{20})-([0-9a-f]{16})")


def object_name(generation: int, backup_id: str, parent: str | None) -> str:
    tag = crypto.sha256(f"{backup_id}:{parent or 'root'}".encode("ascii")).hex()[:16]
    return f"{PREFIX}{generation:020d}-{tag}"


def generation_of(name: str) -> int | None:
    """The generation a name claims, or None when it is not a backup object's name."""
    match = _PATTERN.fullmatch(name)
    return int(match.group(1)) if match else None


def probe_name() -> str:
    return PROBE_PREFIX + crypto.random_bytes(8).hex()
