"""The backup screens and the header marker (turning backup on, changes backed up at once,
network and sign-in failures), through Pilot with a fake clock.

Local folders live in the test's temp dir; WebDAV is a real wsgidav on 127.0.0.1 (the integration
fixtures). A name that does not resolve is made in-process (``socket.getaddrinfo`` raises for that one
name), and a refused port is a loopback port nothing listens on: no traffic leaves the machine.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Checkbox, Input, Select

from tuiauth.core.backup import BackupEngine
from tuiauth.core.specs import BackendSpec, FormField
from tuiauth.core.vault import Vault
from tuiauth.hookspecs import hookimpl
from tuiauth.plugins.backends.local import LocalBackend
from tuiauth.testing.app import current_screen

from ..integration.servers import DavServer
from .backup_support import (
    RECOVERY,
    URI,
    dav_servers,
    generations,
    local_backup,
    marker,
    settle,
    wsgidav_server,
)
from .helpers import PASSWORD, AppFactory, FakeClock, dialog_shows, draft, words

__all__ = ["dav_servers", "local_backup", "wsgidav_server"]


# --- turning backup on ------------------------------------------------------------------------------
async def test_turn_on_to_a_local_folder_first_verified_backup_and_marker(
    vault_with: AppFactory, tmp_path: Path
) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    folder = tmp_path / "sync"
    folder.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert marker(app) == ""  # backup is off: the header is as it was
        await pilot.press("b")
        assert current_screen(app) == "BackupScreen"
        assert "Backup is off. Press a to turn it on" in words(app)
        await pilot.press("a")
        setup = app.screen
        assert type(setup).__name__ == "BackupSetupScreen"
        setup.query_one("FormRenderer").control("path").focus()
        await pilot.press("ctrl+t")  # the empty required field says so, next to it
        assert "Folder ~/Sync/tuiauth Required. A folder for the encrypted backups" in words(app)
        setup.query_one("FormRenderer").control("path").value = str(folder)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "✓ The location works" in words(app)
        assert list(folder.iterdir()) == []  # the test file was removed and nothing was stored
        assert services.vault is not None and services.vault.data.locations == {}

        secret, again = setup.query_one("#secret", Input), setup.query_one("#secret-again", Input)
        secret.focus()
        await pilot.press(*"short")
        text = words(app)
        assert "Too short" in text
        assert "You need it (or the recovery key shown when the vault was created) to restore" in text
        assert "It is not your vault password" in text
        secret.value, again.value = RECOVERY, RECOVERY + "x"
        await pilot.press("ctrl+s")
        assert "The two secrets differ" in words(app) and services.vault.data.locations == {}
        secret.value = again.value = PASSWORD  # the vault password is refused by the engine
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "must not be the vault password" in words(app) and services.vault.data.locations == {}
        secret.value = again.value = RECOVERY
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "BackupScreen"
        text = words(app)
        assert "local — Folder" in text and "✓ Up to date" in text and "Generation 1" in text
        assert "Last verified backup: 2026-11-28 22:00:10 UTC (just now)" in text
        assert generations(folder) == [1]
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen"
        assert marker(app) == "✓ Backed up just now"
        clock = services.clock
        assert isinstance(clock, FakeClock)
        clock.advance(150)
        app.tick(clock.now)
        await pilot.pause()
        assert marker(app) == "✓ Backed up 2 min ago"


async def test_setup_renders_each_backends_own_form(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        setup = app.screen
        assert type(setup).__name__ == "BackupSetupScreen"
        setup.query_one("#backend", Select).value = "webdav"
        await pilot.pause()
        form = setup.query_one("FormRenderer")
        assert [f.name for f in form.fields] == [f.name for f in app.services.plugins.backend("webdav").fields]
        assert setup.query_one("#location-name", Input).value == "webdav"
        password = form.control("password")
        assert isinstance(password, Input) and password.password  # masked
        form.control("url").value = "ftp://example.org/"
        form.control("timeout").focus()
        await pilot.press("x", "1")  # a whole number only: the letter is not taken
        assert form.control("timeout").value.endswith("1") and "x" not in form.control("timeout").value
        await pilot.wait_for_scheduled_animations()  # scrolling down to the number field ends
        assert not form.check()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert "An address starting with https://" in words(app)
        form.control("url").value = "https://dav.example.org/backups/"
        assert form.check()
        assert form.values()["auth"] == "basic"


async def test_backup_keys_do_not_close_a_form_being_filled(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        setup = app.screen
        assert type(setup).__name__ == "BackupSetupScreen" and isinstance(app.focused, Select)
        await pilot.press("b", "exclamation_mark")
        assert app.screen is setup


async def test_marker_without_colour(no_color: None, local_backup: tuple[Any, Path]) -> None:
    """NO_COLOR: the marker still says everything, with a symbol and words."""
    app, folder = local_backup
    services = app.services
    shutil.rmtree(folder)
    assert services.vault is not None
    BackupEngine(services.vault, services.plugins, clock=services.clock).backup_now()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        assert "⚠ Backup failed: not found · last just now · ! fix" in words(app)


class BuggyBackendPlugin:
    """A third-party backend whose factory has a bug (and whose exception text holds a credential)."""

    @hookimpl
    def tuiauth_backends(self) -> list[BackendSpec]:
        def factory(settings: object) -> object:
            raise RuntimeError("token=swordfish-123 leaked")

        fields = (FormField(name="bucket", label="Bucket"), FormField(name="tls", label="TLS", kind="bool"))
        return [BackendSpec(name="buggy", label="Buggy store", fields=fields, factory=factory)]  # type: ignore[arg-type]


async def test_any_backend_plugin_is_offered_and_its_bug_is_a_message(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    services.plugins.register(BuggyBackendPlugin(), "tuiauth-buggy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        setup = app.screen
        assert type(setup).__name__ == "BackupSetupScreen"
        setup.query_one("#backend", Select).value = "buggy"
        await pilot.pause()
        form = setup.query_one("FormRenderer")
        assert [f.name for f in form.fields] == ["bucket", "tls"] and isinstance(form.control("tls"), Checkbox)
        form.control("bucket").value = "mine"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.screen is setup
        assert "The plugin 'tuiauth-buggy' failed: its backend 'buggy' factory() raised RuntimeError." in words(app)
        assert "swordfish" not in words(app)


# --- automatic backup --------------------------------------------------------------------------------
async def test_a_new_account_is_backed_up_automatically(local_backup: tuple[Any, Path], clock: FakeClock) -> None:
    app, folder = local_backup
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert marker(app) == "✓ Backed up just now"
        await pilot.press("a")
        app.screen.query_one("#uri", Input).value = URI
        await pilot.press("enter")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen" and "GitLab" in words(app)
        clock.advance(1)
        app.tick(clock.now)  # the saved change is noticed; the backup waits for the debounce
        await settle(pilot)
        assert marker(app).startswith("● Backup out of date")
        assert generations(folder) == [1]
        clock.advance(5)
        app.tick(clock.now)
        await settle(pilot)
        assert generations(folder) == [1]
        clock.advance(6)
        app.tick(clock.now)
        await settle(pilot)
        assert generations(folder) == [1, 2]
        assert marker(app) == "✓ Backed up just now"
        await pilot.press("b")
        assert "Generation 2" in words(app) and "✓ Up to date" in words(app)


async def test_a_slow_location_shows_progress_and_the_app_stays_live(
    local_backup: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, folder = local_backup
    go_on = threading.Event()
    real_list = LocalBackend.list

    def slow_list(self: LocalBackend) -> list[str]:
        go_on.wait(10)
        return real_list(self)

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(LocalBackend, "list", slow_list)
        await pilot.press("b", "n")
        await pilot.pause()
        assert "⟳ Backing up to home…" in words(app)
        await pilot.press("escape")  # the event loop is free: keys work while the backup runs
        assert current_screen(app) == "AccountsScreen"
        assert marker(app) == "↻ Backing up… · last just now"
        go_on.set()
        await settle(pilot)
        assert marker(app) == "✓ Backed up just now"
        assert generations(folder) == [1, 2]


def test_backups_and_changes_saved_from_two_threads_take_turns(local_backup: tuple[Any, Path]) -> None:
    """An automatic backup records its state (a vault save) in a worker while the accounts screen
    saves a change in another: neither save may be refused as "changed on disk"."""
    app, folder = local_backup
    services = app.services
    vault = services.vault
    assert vault is not None
    engine = BackupEngine(vault, services.plugins, clock=services.clock)
    failures: list[Exception] = []

    def backups() -> None:
        for _ in range(15):
            try:
                engine.backup_now()
            except Exception as exc:  # collected, then asserted empty
                failures.append(exc)

    def changes() -> None:
        for i in range(30):
            try:
                vault.data.settings[f"probe{i}"] = i
                vault.save()
            except Exception as exc:
                failures.append(exc)

    threads = [threading.Thread(target=backups), threading.Thread(target=changes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert Vault.open(services.paths.vault_file, password=PASSWORD).generation == vault.generation
    assert len(generations(folder)) == 10  # rotation keeps the last ten


# --- turning off, removing ---------------------------------------------------------------------------------
async def test_turn_off_and_remove_a_location(local_backup: tuple[Any, Path]) -> None:
    app, folder = local_backup
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "o")
        await settle(pilot)
        assert "○ Turned off" in words(app)
        await pilot.press("escape")
        assert marker(app) == "Backup off"
        await pilot.press("b", "o")
        await settle(pilot)
        assert "✓ Up to date" in words(app)
        await pilot.press("x")
        await settle(pilot)  # the question is read once its screen has drawn its first frame
        assert current_screen(app) == "ConfirmScreen"
        # The question names the folder: a long temporary path wraps it anywhere inside the box.
        assert dialog_shows(app, "Remove the backup location home?") and dialog_shows(app, "are not deleted")
        await pilot.press("y")
        await settle(pilot)
        assert "Backup is off" in words(app)
        assert services.vault is not None and services.vault.data.locations == {}
        assert generations(folder) == [1]  # the backups stay where they are
        await pilot.press("escape")
        assert marker(app) == ""
        reopened = Vault.open(services.paths.vault_file, password=PASSWORD)
        assert reopened.data.locations == {}


async def test_setup_says_why_a_webdav_location_fails_and_stores_nothing(
    vault_with: AppFactory, wsgidav_server: DavServer
) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        setup = app.screen
        assert type(setup).__name__ == "BackupSetupScreen"
        setup.query_one("#backend", Select).value = "webdav"
        await pilot.pause()
        form = setup.query_one("FormRenderer")
        form.control("url").value = wsgidav_server.new_folder()
        form.control("username").value = wsgidav_server.user
        form.control("password").value = "not the password"
        setup.query_one("#secret", Input).value = setup.query_one("#secret-again", Input).value = RECOVERY
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "Sign-in failed" in words(app) and "check the user name and password" in words(app)
        assert "not the password" not in words(app)
        form.control("password").value = wsgidav_server.password
        form.control("url").value = wsgidav_server.url + "never-made/"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is setup
        assert "/never-made/ does not exist" in words(app)
        assert services.vault is not None and services.vault.data.locations == {}


async def test_locking_forgets_the_state_and_unlocking_shows_it_again(local_backup: tuple[Any, Path]) -> None:
    app, _ = local_backup
    services = app.services
    assert services.vault is not None
    services.vault.save()  # the location as the file holds it
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert marker(app) == "✓ Backed up just now"
        await pilot.press("ctrl+l")
        assert app.backup.engine is None and app.backup.statuses == []
        app.screen.query_one("#secret", Input).value = PASSWORD
        await pilot.press("enter")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen"
        assert marker(app) == "✓ Backed up just now"
