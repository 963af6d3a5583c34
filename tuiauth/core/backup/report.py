"""What a sync did, in words for the location's notices, and whether the committed backup is complete."""

from __future__ import annotations

from collections.abc import Mapping

from ..specs import MethodSpec
from ..vaultdata import VaultData
from .invariant import compare_live
from .protocol import CommitResult

#: At most this many refused changes are named one by one.
MAX_NAMED = 5


def sync_notices(result: CommitResult) -> list[str]:
    """One line for what the sync brought here, one per conflict and per refused change."""
    synced = result.synced
    if synced is None:
        return []
    out: list[str] = []
    counts = [
        (synced.added, "added"),
        (synced.updated, "updated"),
        (synced.deleted, "deleted (kept in the trash)"),
    ]
    done = ", ".join(f"{n} {what}" for n, what in counts if n)
    if done:
        out.append(f"synced from the other devices: {done}")
    for conflict in synced.conflicts:
        out.append(
            f"conflict: {conflict.label} was changed here and on {conflict.device or 'another device'}; "
            "the newer version is kept, this device's version is in the trash"
        )
    for refused in synced.suspicious[:MAX_NAMED]:
        out.append(f"suspicious change refused: {refused.text}")
    if len(synced.suspicious) > MAX_NAMED:
        out.append(f"{len(synced.suspicious) - MAX_NAMED} more suspicious changes refused")
    return out


def incomplete_reason(
    result: CommitResult, local: VaultData, methods: Mapping[str, MethodSpec], local_content: str
) -> str:
    """Why the committed backup does not hold exactly this device's live accounts, or "" when it does.

    ``local_content`` is the ``fingerprint`` of what a backup of ``local`` would hold now: when it is
    the committed backup's own (the same canonical bytes), the contents are equal and so are their
    live accounts; otherwise ``compare_live`` names the differences (there may be none that count).
    """
    if result.committed is None:
        return "the backup could not be read back"
    if result.content and result.content == local_content:
        return ""
    differences = compare_live(result.committed, local, methods)
    if not differences:
        return ""
    more = f" (and {len(differences) - 1} more differences)" if len(differences) > 1 else ""
    return f"the backup made does not hold what this device holds: {differences[0].reason}{more}"
