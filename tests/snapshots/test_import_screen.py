"""Snapshot (pytest-textual-snapshot) of the import screen's review list at 80×24: one entry of each
kind — new, duplicate, conflict and problem — from a URI list the test writes in the isolated HOME.

Update after an intended change with ``pytest tests/snapshots --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from ..app.helpers import SECRET, AppFactory, draft
from .test_screens import steady

EXPORT = f"""\
otpauth://totp/GitHub:alice?secret={SECRET}
otpauth://totp/GitLab:alice?secret=JBSWY3DPEHPK3PXP&digits=8
otpauth://totp/Fastmail:alice@example.com?secret=KRSXG5CTMVRXEZLU&period=60
otpauth://hotp/Bank:4471?secret=GEZDGNBVGY3TQOJQ&counter=7&algorithm=SHA256
otpauth://totp/Broken:bob?secret=not*base32
"""


async def review(pilot: Pilot[None]) -> None:
    await pilot.press("i")
    await pilot.press(*"~/export.txt", "enter")
    await pilot.app.workers.wait_for_complete()
    await steady(pilot)


def test_import_review(snap_compare, vault_with: AppFactory) -> None:  # type: ignore[no-untyped-def]
    (Path.home() / "export.txt").write_text(EXPORT)
    app = vault_with(draft("GitHub"), draft("GitLab", secret="GEZDGNBVGY3TQOJQGEZDGNBV"), unlocked=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=review)
