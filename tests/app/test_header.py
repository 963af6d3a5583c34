"""The accounts screen's header at 80 columns: the account count always shows in full, and the backup
marker words itself to fit the rest, keeping its symbol and its "! fix" hint, in every state."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from textual.widgets import Input

from ..integration.servers import DavServer
from .backup_support import URI, dav_backup, dav_servers, enable, local_backup, set_setting, settle, wsgidav_server
from .helpers import AppFactory, FakeClock, draft, screen_text

__all__ = ["dav_backup", "dav_servers", "local_backup", "wsgidav_server"]


def header(app: Any) -> str:
    return screen_text(app).splitlines()[0]


async def hide_codes_and_filter(pilot) -> None:  # type: ignore[no-untyped-def]
    """Make the count as long as it gets: a group filter and hidden codes."""
    await pilot.press("g", "h")


async def test_failed_backup_with_a_long_location_name(
    vault_with: AppFactory, clock: FakeClock, tmp_path: Path
) -> None:
    app = vault_with(draft("GitHub", groups=["work"]), draft("GitLab"), unlocked=True)
    services = app.services
    for name in ("the-nas-in-the-basement", "usb-stick"):
        (tmp_path / name).mkdir()
        enable(services, name, "local", {"path": str(tmp_path / name)}, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert header(app).startswith(" 2 of 2 accounts") and "✓ Backed up just now" in header(app)
        shutil.rmtree(tmp_path / "the-nas-in-the-basement")
        await pilot.press("b", "n")
        await settle(pilot)
        await pilot.press("escape")
        await hide_codes_and_filter(pilot)
        line = header(app)
        assert line.startswith(" 1 of 2 accounts · group: work · codes hidden (r reveals)"), line
        assert line.endswith("⚠ Failed · ! fix"), line
        await pilot.press("g", "h")
        line = header(app)
        assert line.startswith(" 2 of 2 accounts"), line
        assert line.endswith("⚠ Backup failed (the-nas-in-the-basement): not found · ! fix"), line


async def test_out_of_date_and_backed_up(local_backup: tuple[Any, Path], clock: FakeClock) -> None:
    app, _ = local_backup
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert header(app).startswith(" 1 of 1 accounts") and header(app).endswith("✓ Backed up just now")
        await pilot.press("a")
        app.screen.query_one("#uri", Input).value = URI
        await pilot.press("enter")
        await settle(pilot)
        app.tick(clock.now)  # the change is noticed: a backup is due 10 s later (app.py's own
        await settle(pilot)  # ticks, at this same fake time, change nothing)
        clock.advance(5)
        app.tick(clock.now)
        await settle(pilot)
        line = header(app)
        assert line.startswith(" 2 of 2 accounts") and line.endswith("● Backup out of date · last just now"), line
        await pilot.press("h")
        line = header(app)
        assert line.startswith(" 2 of 2 accounts · codes hidden (r reveals)"), line
        assert line.endswith("● Backup out of date"), line


async def test_sign_in_again(dav_backup: tuple[Any, DavServer], tmp_path: Path, clock: FakeClock) -> None:
    app, _ = dav_backup
    services = app.services
    (tmp_path / "second").mkdir()
    enable(services, "second-location-with-a-long-name", "local", {"path": str(tmp_path / "second")}, clock)
    set_setting(services, "nas", password="an old password")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        await pilot.press("escape")
        line = header(app)
        assert line.startswith(" 1 of 1 accounts"), line
        assert line.endswith("⚠ Backup (nas): sign in again · last just now · ! fix"), line
        await pilot.press("h")  # hidden codes: a longer count
        line = header(app)
        assert line.startswith(" 1 of 1 accounts · codes hidden (r reveals)"), line
        assert line.endswith("⚠ Sign in again (nas) · ! fix"), line
