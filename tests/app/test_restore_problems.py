"""Every troubleshooting case of the restore screens, each with its own message and its
action one key away, made with real faults: a stopped WebDAV server, wrong credentials on a running one,
deleted backups, a vault that already holds accounts, an older generation, backups at another location,
and a wrong recovery secret (then the old vault's recovery key instead)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from tests.integration.servers.wsgidav import start_wsgidav
from tuiauth.core.accounts import Account
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import TEST_KDF, format_recovery_key
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.backends.local import LocalBackend
from tuiauth.testing.app import current_screen

from ..integration.conftest import dav_servers, wsgidav_server
from ..integration.servers import DavServer
from .helpers import AppFactory, FakeClock, draft, screen_text, shows
from .test_restore_flow import (
    RECOVERY,
    back_up_old_device,
    confirm_new_vault,
    dav_settings,
    find_backups,
    open_backup,
    plain,
    settle,
)

__all__ = ["dav_servers", "wsgidav_server"]


def local_backups(tmp_path: Path) -> Path:
    """An old device backed up to a local folder (generation 1)."""
    folder = tmp_path / "backups"
    folder.mkdir()
    back_up_old_device(tmp_path / "old", "home", "local", {"path": str(folder)}).close()
    return folder


def offered(app: object) -> list[str]:
    screen = app.screen  # type: ignore[attr-defined]
    assert type(screen).__name__ == "RestoreProblemScreen", type(screen)
    return screen.offered


# --- the network ------------------------------------------------------------------------------------
async def test_stopped_server_says_the_cause_and_retries(new_app: AppFactory, tmp_path: Path) -> None:
    server = start_wsgidav()
    try:
        folder = server.new_folder()
        back_up_old_device(tmp_path / "old", "dav", "webdav", dav_settings(server, folder)).close()
    finally:
        server.stop()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await find_backups(pilot, "backend:webdav", dav_settings(server, folder))
        assert offered(app) == ["retry"]
        text = plain(app)
        assert "The location cannot be reached" in text
        assert "Cause: the connection was refused: nothing answers at that address and port." in text
        assert "Check the connection and retry." in text and "r: Try again" in text
        await pilot.press("r")
        await settle(pilot)
        assert offered(app) == ["retry"]  # tried again: still down
        await pilot.press("escape")
        assert current_screen(app) == "RestoreLocationScreen"


# --- the sign-in ------------------------------------------------------------------------------------
async def test_wrong_credentials_lead_back_to_the_sign_in_form(
    new_app: AppFactory, wsgidav_server: DavServer, tmp_path: Path
) -> None:
    folder = wsgidav_server.new_folder()
    back_up_old_device(tmp_path / "old", "dav", "webdav", dav_settings(wsgidav_server, folder)).close()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await find_backups(pilot, "backend:webdav", dav_settings(wsgidav_server, folder, password="not it"))
        assert offered(app) == ["sign-in"]
        text = plain(app)
        assert "Signing in failed" in text and "Signing in to webdav (WebDAV" in text
        assert "Sign in again with the recovery account used for the backup" in text and "s: Sign in again" in text
        await pilot.press("s")
        screen = app.screen
        assert type(screen).__name__ == "RestoreLocationScreen"
        password = screen.query_one("FormRenderer").control("password")
        assert isinstance(password, Input) and password.value == "" and password.has_focus
        assert "Signing in to webdav" in plain(app)
        url = screen.query_one("FormRenderer").control("url")
        assert isinstance(url, Input) and url.value == folder  # the rest of the form is kept
        await pilot.press(*wsgidav_server.password, "enter")
        await settle(pilot)
        assert current_screen(app) == "RestoreBackupsScreen"


# --- the backups were deleted -----------------------------------------------------------------------
async def test_no_backup_on_a_new_machine_offers_adding_by_hand(new_app: AppFactory, tmp_path: Path) -> None:
    folder = local_backups(tmp_path)
    for name in LocalBackend(folder).list():
        LocalBackend(folder).delete(name)
    app = new_app()
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await find_backups(pilot, "backend:local", {"path": str(folder)}, name="home")
        assert offered(app) == ["choose-location", "add-account"]
        text = plain(app)
        assert "No backup at this location" in text and "No backup was found at home (Folder" in text
        assert "l: Choose the location" in text and "a: Add accounts by hand" in text
        await pilot.press("a")
        assert current_screen(app) == "RestoreVaultScreen"
        assert "Then add your accounts again, one by one." in plain(app)
        await confirm_new_vault(pilot)
        assert current_screen(app) == "AccountFormScreen"
        assert services.vault is not None and services.vault.data.accounts == []


async def test_deleted_backups_at_a_configured_location_go_to_add_account(
    vault_with: AppFactory, tmp_path: Path, clock: FakeClock
) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    folder = tmp_path / "mine"
    folder.mkdir()
    assert services.vault is not None
    engine = BackupEngine(services.vault, services.plugins, clock=clock)
    assert engine.enable("home", "local", {"path": str(folder)}, RECOVERY, kdf=TEST_KDF).last_error is None
    for name in LocalBackend(folder).list():
        LocalBackend(folder).delete(name)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await find_backups(pilot, "configured:home", {})
        assert offered(app) == ["add-account"]
        text = plain(app)
        assert "The backups were deleted" in text and "generation 1 was seen there before and none is left" in text
        assert "Add the accounts again by hand" in text
        await pilot.press("a")
        assert current_screen(app) == "AccountFormScreen"
        assert type(app.screen_stack[-2]).__name__ == "AccountsScreen"


# --- backups made to another location ---------------------------------------------------------------
async def test_no_backup_here_says_where_backups_were_found(
    vault_with: AppFactory, wsgidav_server: DavServer, tmp_path: Path, clock: FakeClock
) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    folder = tmp_path / "mine"
    folder.mkdir()
    assert services.vault is not None
    engine = BackupEngine(services.vault, services.plugins, clock=clock)
    assert engine.enable("home", "local", {"path": str(folder)}, RECOVERY, kdf=TEST_KDF).last_error is None
    empty = wsgidav_server.new_folder()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await find_backups(pilot, "backend:webdav", dav_settings(wsgidav_server, empty), name="nas")
        assert offered(app) == ["choose-location", "add-account"]
        text = plain(app)
        assert "No backup was found at nas (WebDAV" in text
        assert shows(app, f"Backups were found at: • home (Folder {folder})")
        squeezed = "".join(plain(app).split())  # (a long path may wrap anywhere)
        assert squeezed.count("".join(f"home (Folder {folder})".split())) == 1  # listed, not also in the sentence
        assert "Backups restore from where they were made: choose that location." in text
        await pilot.press("l")
        screen = app.screen
        assert type(screen).__name__ == "RestoreLocationScreen"
        assert screen.query_one("#location", Select).has_focus


# --- the vault already holds accounts ---------------------------------------------------------------
async def test_non_empty_vault_shows_what_is_there_and_offers_merge(vault_with: AppFactory, tmp_path: Path) -> None:
    folder = local_backups(tmp_path)
    app = vault_with(draft("Here"), draft("GitHub"), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await find_backups(pilot, "backend:local", {"path": str(folder)}, name="home")
        await open_backup(pilot)
        assert offered(app) == ["merge"]
        text = plain(app)
        assert "This vault already holds accounts" in text and "Nothing was restored" in text
        assert "Already in this vault: • Here (alice) • GitHub (alice)" in text
        assert text.count("GitHub (alice)") == 1  # listed, not also in the sentence above
        assert "m: Merge: only add what is missing" in text
        assert services.vault is not None and len(services.vault.data.accounts) == 2
        await pilot.press("m")
        await settle(pilot)
        assert current_screen(app) == "RestoreReviewScreen"
        text = plain(app)
        assert "3. Review the plan · merge: only adds" in text
        assert "3 to add · 1 already here · 0 conflicts kept as here" in text
        await pilot.press("enter")
        await settle(pilot)
        assert current_screen(app) == "RestoreDoneScreen"
        assert "Restored 3 accounts, 1 already here." in plain(app)
        assert "Verify" not in screen_text(app).splitlines()[-1]  # no key for what nothing needs
        assert [a.issuer for a in services.vault.data.accounts] == ["Here", "GitHub", "Bank", "Steam", "Mail"]


# --- an older backup --------------------------------------------------------------------------------
async def test_older_generation_warns_of_a_rollback(new_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    old = back_up_old_device(tmp_path / "old", "home", "local", {"path": str(folder)})
    old.data.accounts.append(Account.from_draft(draft("Extra")))
    old.save()
    (status,) = BackupEngine(old, PluginManager(entrypoints=False)).backup_now("home")
    assert status.generation == 2
    old.close()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await find_backups(pilot, "backend:local", {"path": str(folder)})
        await open_backup(pilot, index=1)
        assert current_screen(app) == "RestoreReviewScreen"
        text = plain(app)
        assert "⚠ This backup (generation 1) is older than generation 2, which is at this location" in text
        assert "restore the newest backup unless you mean to go back" in text
        await pilot.press("b")
        assert current_screen(app) == "RestoreBackupsScreen"
        text = plain(app)
        assert "generation 2" in text and "5 accounts (newest)" in text and "4 accounts" in text


# --- the recovery secret --------------------------------------------------------------------------------
async def test_wrong_secret_then_the_recovery_key(new_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    old = back_up_old_device(tmp_path / "old", "home", "local", {"path": str(folder)})
    recovery_key = old.data.recovery_key
    old.close()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await find_backups(pilot, "backend:local", {"path": str(folder)})
        await open_backup(pilot, "not the secret")
        assert offered(app) == ["secret"]
        text = plain(app)
        assert "The recovery secret does not open this backup" in text and "k: Give the secret again" in text
        said = " ".join(text.split())  # the recovery key named as the first-run screen names it
        assert "the old vault's recovery key (the one you wrote down when that vault was created)" in said
        assert "emergency kit" not in said
        await pilot.press("k")
        screen = app.screen
        assert type(screen).__name__ == "RestoreBackupsScreen"
        secret = screen.query_one("#secret", Input)
        assert secret.value == "" and secret.has_focus
        await open_backup(pilot, format_recovery_key(bytes.fromhex(recovery_key)), key=True)
        assert current_screen(app) == "RestoreReviewScreen"
        assert "4 to add" in plain(app)


# --- expired credentials of a configured location ---------------------------------------------------
async def test_expired_password_of_a_configured_location_is_stored_anew_after_the_restore(
    vault_with: AppFactory, wsgidav_server: DavServer, clock: FakeClock
) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    assert services.vault is not None
    folder = wsgidav_server.new_folder()
    engine = BackupEngine(services.vault, services.plugins, clock=clock)
    assert (
        engine.enable("nas", "webdav", dav_settings(wsgidav_server, folder), RECOVERY, kdf=TEST_KDF).last_error is None
    )
    settings = services.vault.data.locations["nas"]["settings"]
    settings["password"] = "expired password"  # changed on the server since
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        assert "nas (configured here)" in plain(app)
        await find_backups(pilot, "configured:nas", {})
        assert offered(app) == ["sign-in"] and "Signing in to nas (WebDAV" in plain(app)
        await pilot.press("s")
        assert current_screen(app) == "RestoreLocationScreen"
        await pilot.press(*wsgidav_server.password, "enter")
        await settle(pilot)
        await open_backup(pilot)
        assert current_screen(app) == "RestoreReviewScreen"
        assert "0 to add · 0 already here" in plain(app)
        await pilot.press("enter")
        await settle(pilot)
        assert current_screen(app) == "RestoreDoneScreen"
        assert "Restored 0 accounts." in plain(app)
        assert services.vault.data.locations["nas"]["settings"]["password"] == wsgidav_server.password
