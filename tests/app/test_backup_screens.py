"""The backup screens and the header marker (PRODUCT B1, B5, T2, T3), through Pilot with a fake clock.

Local folders live in the test's temp dir; WebDAV is a real wsgidav on 127.0.0.1 (the integration
fixtures). A name that does not resolve is made in-process (``socket.getaddrinfo`` raises for that one
name), and a refused port is a loopback port nothing listens on: no traffic leaves the machine.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Select

from tuiauth.app import TuiauthApp, make_app
from tuiauth.core.backup import BackupEngine, list_backups
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.services import Services
from tuiauth.core.specs import BackendSpec, FormField
from tuiauth.core.vault import Vault
from tuiauth.hookspecs import hookimpl
from tuiauth.plugins.backends.local import LocalBackend
from tuiauth.screens.accounts import AccountsScreen
from tuiauth.screens.backup_screen import BackupScreen
from tuiauth.screens.backup_setup import BackupSetupScreen
from tuiauth.screens.backup_signin import BackupSignInScreen
from tuiauth.screens.confirm import ConfirmScreen
from tuiauth.testing import free_port
from tuiauth.widgets.backup_marker import BackupMarker
from tuiauth.widgets.form_renderer import FormRenderer

from ..integration.conftest import dav_servers, wsgidav_server
from ..integration.servers import DavServer
from .helpers import PASSWORD, FakeClock, draft, words

__all__ = ["dav_servers", "wsgidav_server"]

RECOVERY = "a different long recovery secret"
URI = "otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBV&issuer=GitLab"


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and the screen redraw (the state is read after the first frame)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def marker(app: TuiauthApp) -> str:
    found = app.screen.query(BackupMarker)
    return str(found.first().render()) if found and found.first().display else ""


def enable(services: Services, name: str, backend: str, settings: dict[str, str], clock: FakeClock) -> None:
    """Turn a location on through the engine (what the setup screen does, tested below)."""
    assert services.vault is not None
    engine = BackupEngine(services.vault, services.plugins, clock=clock)
    status = engine.enable(name, backend, settings, RECOVERY, kdf=TEST_KDF)
    assert status.last_error is None


def set_setting(services: Services, location: str, **values: str) -> None:
    """Change a stored sign-in value behind the app's back (a password changed on the server, a
    server moved …), in memory: the vault file and its generation stay as they are."""
    assert services.vault is not None
    services.vault.data.locations[location]["settings"].update(values)


def generations(folder: Path) -> list[int]:
    return sorted(info.generation for info in list_backups(LocalBackend(folder)))


@pytest.fixture
def local_backup(vault_with: Callable[..., Services], clock: FakeClock, tmp_path: Path) -> tuple[Services, Path]:
    services = vault_with(draft("GitHub"), unlocked=True)
    folder = tmp_path / "backups"
    folder.mkdir()
    enable(services, "home", "local", {"path": str(folder)}, clock)
    return services, folder


@pytest.fixture
def dav_backup(
    vault_with: Callable[..., Services], clock: FakeClock, wsgidav_server: DavServer
) -> tuple[Services, DavServer]:
    services = vault_with(draft("GitHub"), unlocked=True)
    settings = {"url": wsgidav_server.new_folder(), "username": wsgidav_server.user}
    enable(services, "nas", "webdav", {**settings, "password": wsgidav_server.password}, clock)
    return services, wsgidav_server


# --- turning backup on ------------------------------------------------------------------------------
async def test_turn_on_to_a_local_folder_first_verified_backup_and_marker(
    vault_with: Callable[..., Services], tmp_path: Path
) -> None:
    services = vault_with(draft("GitHub"), unlocked=True)
    folder = tmp_path / "sync"
    folder.mkdir()
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert marker(app) == ""  # backup is off: the header is as it was
        await pilot.press("b")
        assert isinstance(app.screen, BackupScreen)
        assert "Backup is off. Press a to turn it on" in words(app)
        await pilot.press("a")
        setup = app.screen
        assert isinstance(setup, BackupSetupScreen)
        setup.query_one(FormRenderer).control("path").focus()
        await pilot.press("ctrl+t")  # the empty required field says so, next to it
        assert "Folder ~/Sync/tuiauth Required. A folder for the encrypted backups" in words(app)
        setup.query_one(FormRenderer).control("path").value = str(folder)
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
        assert isinstance(app.screen, BackupScreen)
        text = words(app)
        assert "local — Folder" in text and "✓ Up to date" in text and "Generation 1" in text
        assert "Last verified backup: 2026-11-28 22:00:10 UTC (just now)" in text
        assert generations(folder) == [1]
        await pilot.press("escape")
        assert isinstance(app.screen, AccountsScreen)
        assert marker(app) == "✓ Backed up just now"
        clock = services.clock
        assert isinstance(clock, FakeClock)
        clock.advance(150)
        app.tick(clock.now)
        await pilot.pause()
        assert marker(app) == "✓ Backed up 2 min ago"


async def test_setup_renders_each_backends_own_form(vault_with: Callable[..., Services]) -> None:
    app = make_app(vault_with(draft("GitHub"), unlocked=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        setup = app.screen
        assert isinstance(setup, BackupSetupScreen)
        setup.query_one("#backend", Select).value = "webdav"
        await pilot.pause()
        form = setup.query_one(FormRenderer)
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


async def test_backup_keys_do_not_close_a_form_being_filled(vault_with: Callable[..., Services]) -> None:
    app = make_app(vault_with(draft("GitHub"), unlocked=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        setup = app.screen
        assert isinstance(setup, BackupSetupScreen) and isinstance(app.focused, Select)
        await pilot.press("b", "exclamation_mark")
        assert app.screen is setup


async def test_marker_without_colour(local_backup: tuple[Services, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR: the marker still says everything, with a symbol and words."""
    monkeypatch.setenv("NO_COLOR", "1")
    services, folder = local_backup
    shutil.rmtree(folder)
    assert services.vault is not None
    BackupEngine(services.vault, services.plugins, clock=services.clock).backup_now()
    app = make_app(services)
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


async def test_any_backend_plugin_is_offered_and_its_bug_is_a_message(vault_with: Callable[..., Services]) -> None:
    services = vault_with(draft("GitHub"), unlocked=True)
    services.plugins.register(BuggyBackendPlugin(), "tuiauth-buggy")
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        setup = app.screen
        assert isinstance(setup, BackupSetupScreen)
        setup.query_one("#backend", Select).value = "buggy"
        await pilot.pause()
        form = setup.query_one(FormRenderer)
        assert [f.name for f in form.fields] == ["bucket", "tls"] and isinstance(form.control("tls"), Checkbox)
        form.control("bucket").value = "mine"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.screen is setup
        assert "Unexpected RuntimeError while: testing the location." in words(app)
        assert "swordfish" not in words(app)


# --- automatic backup --------------------------------------------------------------------------------
async def test_a_new_account_is_backed_up_automatically(local_backup: tuple[Services, Path], clock: FakeClock) -> None:
    services, folder = local_backup
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert marker(app) == "✓ Backed up just now"
        await pilot.press("a")
        app.screen.query_one("#uri", Input).value = URI
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen) and "GitLab" in words(app)
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
    local_backup: tuple[Services, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    services, folder = local_backup
    go_on = threading.Event()
    real_list = LocalBackend.list

    def slow_list(self: LocalBackend) -> list[str]:
        go_on.wait(10)
        return real_list(self)

    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(LocalBackend, "list", slow_list)
        await pilot.press("b", "n")
        await pilot.pause()
        assert "⟳ Backing up to home…" in words(app)
        await pilot.press("escape")  # the event loop is free: keys work while the backup runs
        assert isinstance(app.screen, AccountsScreen)
        assert marker(app) == "↻ Backing up… · last just now"
        go_on.set()
        await settle(pilot)
        assert marker(app) == "✓ Backed up just now"
        assert generations(folder) == [1, 2]


def test_backups_and_changes_saved_from_two_threads_take_turns(local_backup: tuple[Services, Path]) -> None:
    """An automatic backup records its state (a vault save) in a worker while the accounts screen
    saves a change in another: neither save may be refused as "changed on disk"."""
    services, folder = local_backup
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


# --- failures: each its own message, on screen and in the marker -------------------------------------------
async def test_missing_folder_marker_and_its_fix(local_backup: tuple[Services, Path], tmp_path: Path) -> None:
    services, folder = local_backup
    shutil.rmtree(folder)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        text = words(app)
        assert "⚠ The last backup failed" in text and "Last error: Not found" in text
        assert f"The folder {folder} does not exist" in text
        await pilot.press("escape")
        assert marker(app) == "⚠ Backup failed: not found · last just now · ! fix"
        await pilot.press("exclamation_mark")
        await pilot.pause()
        signin = app.screen
        assert isinstance(signin, BackupSignInScreen)  # the fix for a missing folder: another address
        assert "Sign in again to home" in words(app) and "does not exist" in words(app)
        moved = tmp_path / "moved"
        moved.mkdir()
        signin.query_one(FormRenderer).control("path").value = str(moved)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BackupScreen) and "✓ Up to date" in words(app)
        assert generations(moved) == [2]
        await pilot.press("escape")
        assert marker(app) == "✓ Backed up just now"


async def test_wrong_webdav_password_needs_signing_in_again(
    dav_backup: tuple[Services, DavServer], clock: FakeClock
) -> None:
    services, server = dav_backup
    set_setting(services, "nas", password="an old password")
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        text = words(app)
        assert "⚠ Needs signing in again" in text and "Last error: Sign-in failed" in text
        assert "check the user name and password" in text and "an old password" not in text
        assert "Press s to sign in again" in text
        await pilot.press("escape")
        assert marker(app) == "⚠ Backup: sign in again · last just now · ! fix"
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        await commands["Fix backup"].callback()  # type: ignore[misc]
        await pilot.pause()
        await pilot.pause()
        signin = app.screen
        assert isinstance(signin, BackupSignInScreen)
        form = signin.query_one(FormRenderer)
        assert app.focused is form.control("password")
        assert form.control("username").value == server.user  # stored values, but never the password
        await pilot.press(*"nope", "ctrl+s")
        await settle(pilot)
        assert app.screen is signin and "Sign-in failed" in words(app)
        form.control("password").value = server.password
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BackupScreen) and "✓ Up to date" in words(app)
        await pilot.press("escape")
        assert marker(app) == "✓ Backed up just now"


async def test_a_missing_webdav_folder(dav_backup: tuple[Services, DavServer]) -> None:
    services, server = dav_backup
    set_setting(services, "nas", url=server.url + "deleted-meanwhile/")
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        text = words(app)
        assert "Last error: Not found" in text and "/deleted-meanwhile/ does not exist" in text
        assert "Create the folder (or bucket) and press n, or press s to change the address." in text
        await pilot.press("escape")
        assert marker(app) == "⚠ Backup failed: not found · last just now · ! fix"
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, BackupSignInScreen)


async def test_a_name_that_does_not_resolve(
    dav_backup: tuple[Services, DavServer], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    services, _ = dav_backup
    real = socket.getaddrinfo
    asked: list[str] = []

    def resolve(host: str, *args: object, **kwargs: object) -> object:
        if host.endswith(".invalid"):
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    set_setting(services, "nas", url="https://dav.tuiauth-test.invalid/backups/")
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        text = words(app)
        assert "Last error: Network problem (name lookup failed)" in text
        assert "dav.tuiauth-test.invalid" in text and "Check the server's address" in text
        assert asked and set(asked) == {"dav.tuiauth-test.invalid"}
        await pilot.press("escape")
        assert marker(app) == "⚠ Backup failed: network problem (name lookup failed) · last just now · ! fix"
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, BackupScreen)
        fix = app.screen.query_one("#fix", Button)
        assert app.focused is fix and str(fix.label) == "Try again now (n)"


async def test_a_refused_port_is_retried_with_backoff(dav_backup: tuple[Services, DavServer], clock: FakeClock) -> None:
    services, _ = dav_backup
    url = services.vault.data.locations["nas"]["settings"]["url"]  # type: ignore[union-attr]
    set_setting(services, "nas", url=f"http://127.0.0.1:{free_port()}/dav/")
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        app.screen.query_one("#uri", Input).value = URI
        await pilot.press("enter")
        await settle(pilot)
        clock.advance(11)
        app.tick(clock.now)  # the change is noticed
        await settle(pilot)
        clock.advance(11)
        app.tick(clock.now)  # the automatic backup runs and fails
        await settle(pilot)
        assert marker(app) == "⚠ Backup failed: network problem (connection refused) · last just now · ! fix"
        await pilot.press("exclamation_mark")
        await pilot.pause()
        text = words(app)
        assert "Last error: Network problem (connection refused)" in text
        assert "the connection was refused" in text and "is the server running?" in text
        assert "Trying again by itself in 30 s" in text
        set_setting(services, "nas", url=url)  # the server is back
        clock.advance(31)
        app.tick(clock.now)
        await settle(pilot)
        assert "✓ Up to date" in words(app) and "Generation 2" in words(app)
        await pilot.press("escape")
        assert marker(app) == "✓ Backed up just now"


async def test_the_fix_for_a_refused_port_tries_again(dav_backup: tuple[Services, DavServer], clock: FakeClock) -> None:
    services, _ = dav_backup
    set_setting(services, "nas", url=f"http://127.0.0.1:{free_port()}/dav/")
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        assert "(connection refused), 2026-11-28 22:00:10 UTC" in words(app)
        await pilot.press("escape")
        clock.advance(120)
        await pilot.press("exclamation_mark")  # the marker's fix: "try again now", focused
        await pilot.pause()
        assert str(app.screen.query_one("#fix", Button).label) == "Try again now (n)"
        await pilot.press("enter")
        await settle(pilot)
        assert "(connection refused), 2026-11-28 22:02:10 UTC" in words(app)


# --- turning off, removing ---------------------------------------------------------------------------------
async def test_turn_off_and_remove_a_location(local_backup: tuple[Services, Path]) -> None:
    services, folder = local_backup
    app = make_app(services)
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
        assert isinstance(app.screen, ConfirmScreen)
        assert "Remove the backup location home?" in words(app) and "are not deleted" in words(app)
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
    vault_with: Callable[..., Services], wsgidav_server: DavServer
) -> None:
    services = vault_with(draft("GitHub"), unlocked=True)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        setup = app.screen
        assert isinstance(setup, BackupSetupScreen)
        setup.query_one("#backend", Select).value = "webdav"
        await pilot.pause()
        form = setup.query_one(FormRenderer)
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


async def test_locking_forgets_the_state_and_unlocking_shows_it_again(local_backup: tuple[Services, Path]) -> None:
    services, _ = local_backup
    assert services.vault is not None
    services.vault.save()  # the location as the file holds it
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert marker(app) == "✓ Backed up just now"
        await pilot.press("ctrl+l")
        assert app.backup.engine is None and app.backup.statuses == []
        app.screen.query_one("#secret", Input).value = PASSWORD
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert marker(app) == "✓ Backed up just now"


# --- the form renderer on its own ----------------------------------------------------------------------------
FIELDS = (
    FormField(name="host", label="Host", placeholder="dav.example.org", help="Where the server is"),
    FormField(name="token", label="Token", kind="password", secret=True),
    FormField(name="port", label="Port", kind="int", default="443", required=False),
    FormField(name="tls", label="Use TLS", kind="bool", default="true", required=False),
    FormField(name="style", label="Style", kind="choice", choices=("path", "virtual"), required=True),
    FormField(name="ca", label="CA file", kind="path", required=False),
    FormField(name="endpoint", label="Endpoint", kind="url", required=False),
)


class FormApp(App[None]):
    def __init__(self, **kwargs: object) -> None:
        super().__init__()
        self.kwargs = kwargs

    def compose(self) -> ComposeResult:
        yield FormRenderer(FIELDS, **self.kwargs)  # type: ignore[arg-type]


async def test_form_renderer_renders_every_kind_and_checks_field_by_field() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 40)) as pilot:
        form = app.query_one(FormRenderer)
        text = words(app)
        for shown in ("Host dav.example.org", "Where the server is", "Port 443", "Use TLS", "Style"):
            assert shown in text, shown
        token = form.control("token")
        assert isinstance(token, Input) and token.password
        assert isinstance(form.control("tls"), Checkbox) and form.control("tls").value is True
        assert isinstance(form.control("style"), Select)
        form.control("endpoint").value = "not an address"
        assert not form.check()
        await pilot.pause()
        text = words(app)
        assert "Host dav.example.org Required." in text and "Token Required." in text
        assert text.count("Required.") == 3  # host, token, style; the optional ones may stay empty
        assert "An address starting with https://" in text
        assert app.focused is form.control("host")
        await pilot.press(*"h.example")
        assert "Host h.example Where" in words(app)  # the reason goes once the field is fixed
        form.control("token").value = "s3cret"
        form.control("style").value = "virtual"  # type: ignore[assignment]
        form.control("endpoint").value = ""
        form.control("port").focus()
        await pilot.press("backspace", "backspace", "backspace", *"8a0")
        assert form.check()
        assert form.values() == {
            "host": "h.example", "token": "s3cret", "port": "80", "tls": "true", "style": "virtual", "ca": "",
            "endpoint": "",
        }  # fmt: skip


async def test_form_renderer_keeps_stored_secrets_unless_typed_again() -> None:
    app = FormApp(values={"host": "dav.example.org", "token": "stored", "style": "path"}, kept=["token"])
    async with app.run_test(size=(80, 40)):
        form = app.query_one(FormRenderer)
        assert form.control("token").value == ""  # a stored secret is never put back on screen
        assert "unchanged when left empty" in words(app)
        assert form.check() and "token" not in form.values()
        form.control("token").value = "new"
        assert form.values()["token"] == "new"
