"""The restore screens stay live while the work runs in a thread worker: progress is shown, Esc goes
back at once and the late result is dropped; a backend plugin's bug is a message, not a crash; the
restore is in the command palette of the accounts screen."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from textual.pilot import Pilot

from tuiauth.core.specs import BackendSpec, FormField
from tuiauth.hookspecs import hookimpl
from tuiauth.plugins.backends.local import LocalBackend
from tuiauth.testing.app import current_screen

from .helpers import AppFactory, words
from .test_restore_flow import back_up_old_device, choose_location, find_backups, plain, settle


class SlowBackend(LocalBackend):
    """A local folder whose listing waits for the test (a slow server), or fails like a buggy plugin."""

    release = threading.Event()

    def list(self) -> list[str]:
        if not self.release.wait(timeout=30):
            raise RuntimeError("the test never released the listing")
        if self.folder.name == "buggy":
            raise KeyError("a plugin bug holding password=hunter2")
        return super().list()


class SlowPlugin:
    @hookimpl
    def tuiauth_backends(self) -> list[BackendSpec]:
        def make(settings: Mapping[str, str]) -> SlowBackend:
            return SlowBackend(Path(settings["path"]))

        return [BackendSpec(name="slow", label="Slow folder", fields=(FormField(name="path", label="Folder"),),
                            factory=make)]  # fmt: skip


async def test_progress_while_listing_and_esc_drops_the_late_result(new_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    back_up_old_device(tmp_path / "old", "home", "local", {"path": str(folder)}).close()
    app = new_app()
    services = app.services
    services.plugins.register(SlowPlugin(), "slow-test")
    SlowBackend.release.clear()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert type(screen).__name__ == "RestoreLocationScreen"
        (await choose_location(pilot, "backend:slow", {"path"})).control("path").value = str(folder)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.query_one("RestoreProgress").running
        assert "⟳ Looking for backups at slow…" in words(app)
        await pilot.press("escape")  # the UI is live: back at once
        assert current_screen(app) == "WelcomeScreen"
        SlowBackend.release.set()
        await settle(pilot)
        assert current_screen(app) == "WelcomeScreen"  # the late result went nowhere


async def test_a_backend_bug_is_a_message_without_its_text(new_app: AppFactory, tmp_path: Path) -> None:
    app = new_app()
    services = app.services
    services.plugins.register(SlowPlugin(), "slow-test")
    SlowBackend.release.set()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await find_backups(pilot, "backend:slow", {"path": str(tmp_path / "buggy")})
        assert current_screen(app) == "RestoreProblemScreen"
        text = plain(app)
        assert "The location's plugin failed" in text
        assert "The plugin 'slow-test' failed: its backend 'slow' list() raised KeyError." in text
        assert "hunter2" not in text


async def test_restore_is_in_the_palette_of_the_accounts_screen(vault_with: AppFactory) -> None:
    app = vault_with(unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Restore" in titles and "Verify again" in titles
        await titles["Restore"].callback()  # type: ignore[misc]
        await pilot.pause()
        assert current_screen(app) == "RestoreLocationScreen"
        assert "configured here" not in words(app)  # no location configured: a new one of any backend


async def test_locking_during_the_restore_ends_it(vault_with: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    back_up_old_device(tmp_path / "old", "home", "local", {"path": str(folder)}).close()
    app = vault_with(unlocked=True)
    services = app.services
    services.plugins.register(SlowPlugin(), "slow-test")
    SlowBackend.release.clear()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await find_backups_later(pilot, str(folder))
        app.action_lock()
        await pilot.pause()
        assert current_screen(app) == "UnlockScreen"
        SlowBackend.release.set()
        await settle(pilot)
        assert current_screen(app) == "UnlockScreen"  # no restore step shows up over the lock screen
        assert len(app.screen_stack) == 2


async def find_backups_later(pilot: Pilot[None], path: str) -> None:
    """Start listing at the slow location; the listing waits for ``SlowBackend.release``."""
    screen = pilot.app.screen
    (await choose_location(pilot, "backend:slow", {"path"})).control("path").value = path
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert screen.query_one("RestoreProgress").running
