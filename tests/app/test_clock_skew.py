"""The backup screen says when this computer's clock is more than 30 s off the server's (HTTP
``Date``): a real wsgidav on 127.0.0.1, and the app's fake clock on our side is the wrong clock."""

from __future__ import annotations

import re
import time

from tuiauth.testing.app import set_clock

from ..integration.servers import DavServer
from .backup_support import dav_servers, enable, settle, wsgidav_server
from .helpers import AppFactory, FakeClock, draft, words

__all__ = ["dav_servers", "wsgidav_server"]


async def test_backup_screen_warns_of_a_wrong_clock_until_it_is_right(
    vault_with: AppFactory, clock: FakeClock, wsgidav_server: DavServer
) -> None:
    # The clock jumps to real time: no lock for the idle minutes it skips.
    app = vault_with(draft("GitHub"), unlocked=True, config={"auto_lock_minutes": 0})
    settings = {"url": wsgidav_server.new_folder(), "username": wsgidav_server.user}
    enable(app.services, "nas", "webdav", {**settings, "password": wsgidav_server.password}, clock)
    clock.set(time.time() + 600)  # ten minutes fast
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert "Clock:" not in words(app)  # nothing heard from the server yet this session
        await pilot.press("n")
        await settle(pilot)
        text = words(app)
        assert "⚠ Clock: This computer's clock is 10 min ahead of the clock of nas: codes will be wrong" in text
        await set_clock(pilot, time.time())
        await pilot.press("n")
        await settle(pilot)
        assert "Clock:" not in words(app)
        await set_clock(pilot, time.time() - 45)
        await pilot.press("n")
        await settle(pilot)
        assert re.search(r"⚠ Clock: This computer's clock is 4\d s behind the clock of nas", words(app))
