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
#: Names claiming more are not ours (a sealed header holds generations below 2^63): a planted
#: ``gen-99999…`` must not push the next commit out of range.
MAX_GENERATION = 2**62


def object_name(generation: int, backup_id: str, parent: str | None) -> str:
    tag = crypto.sha256(f"{backup_id}:{parent or 'root'}".encode("ascii")).hex()[:16]
    return f"{PREFIX}{generation:020d}-{tag}"


def generation_of(name: str) -> int | None:
    """The generation a name claims, or None when it is not a backup object's name."""
    match = _PATTERN.fullmatch(name)
    if match is None or int(match.group(1)) > MAX_GENERATION:
        return None
    return int(match.group(1))


def probe_name() -> str:
    return PROBE_PREFIX + crypto.random_bytes(8).hex()
