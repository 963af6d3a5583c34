"""Snapshots (pytest-textual-snapshot) of the first-run, unlock and accounts screens at 80×24.

Everything on these screens is fixed by the fixtures: the fake clock fixes the codes and countdowns,
the vault path is shown relative to the test's HOME, and the input cursor does not blink.
Update after an intended change with ``pytest tests/snapshots --snapshot-update``.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from ..app.helpers import AppFactory, draft


async def steady(pilot: Pilot[None]) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_first_run(snap_compare, new_app: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(new_app(), terminal_size=(80, 24), run_before=steady)


def test_unlock(snap_compare, vault_with: AppFactory) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(vault_with(draft("GitHub")), terminal_size=(80, 24), run_before=steady)


def test_accounts(snap_compare, vault_with: AppFactory) -> None:  # type: ignore[no-untyped-def]
    app = vault_with(
        draft("GitHub", "alice@example.com", favourite=True),
        draft("GitLab", "alice", secret="GEZDGNBVGY3TQOJQGEZDGNBV"),
        draft("Steam", "alice_gamer", type="steam", digits=5),
        draft("Bank of Example", "4471-22", type="hotp", counter=3),
        draft("A very long issuer name that will not fit", "someone.with.a.long.address@example.org"),
        unlocked=True,
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)
