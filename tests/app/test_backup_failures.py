"""Backup failures (the network, the sign-in, deleted backups), each with its own message on screen
and in the header marker.

A name that does not resolve is made in-process and a refused port is a loopback port nothing listens
on: no traffic leaves the machine."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Input

from tuiauth.testing import FaultProxy, free_port, html_page
from tuiauth.testing.app import current_screen

from ..integration.servers import DavServer
from .backup_support import (
    URI,
    assert_not_allowed_by_the_gateway,
    back_up_now,
    dav_backup,
    dav_servers,
    generations,
    local_backup,
    marker,
    set_setting,
    settle,
    wsgidav_server,
)
from .helpers import FakeClock, shows, words

__all__ = ["dav_backup", "dav_servers", "local_backup", "wsgidav_server"]


# --- failures: each its own message, on screen and in the marker -------------------------------------------
async def test_missing_folder_marker_and_its_fix(local_backup: tuple[Any, Path], tmp_path: Path) -> None:
    app, folder = local_backup
    shutil.rmtree(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        text = words(app)
        assert "⚠ The last backup failed" in text and "Last error: Not found" in text
        assert shows(app, f"The folder {folder} does not exist")
        await pilot.press("escape")
        assert marker(app) == "⚠ Backup failed: not found · last just now · ! fix"
        await pilot.press("exclamation_mark")
        await pilot.pause()
        signin = app.screen
        assert type(signin).__name__ == "BackupSignInScreen"  # the fix for a missing folder: another address
        assert "Sign in again to home" in words(app) and "does not exist" in words(app)
        moved = tmp_path / "moved"
        moved.mkdir()
        signin.query_one("FormRenderer").control("path").value = str(moved)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "BackupScreen" and "✓ Up to date" in words(app)
        assert generations(moved) == [2]
        await pilot.press("escape")
        assert marker(app) == "✓ Backed up just now"


async def test_wrong_webdav_password_needs_signing_in_again(
    dav_backup: tuple[Any, DavServer], clock: FakeClock
) -> None:
    app, server = dav_backup
    services = app.services
    set_setting(services, "nas", password="an old password")
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
        assert type(signin).__name__ == "BackupSignInScreen"
        form = signin.query_one("FormRenderer")
        assert app.focused is form.control("password")
        assert form.control("username").value == server.user  # stored values, but never the password
        await pilot.press(*"nope", "ctrl+s")
        await settle(pilot)
        assert app.screen is signin and "Sign-in failed" in words(app)
        form.control("password").value = server.password
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "BackupScreen" and "✓ Up to date" in words(app)
        await pilot.press("escape")
        assert marker(app) == "✓ Backed up just now"


async def test_a_missing_webdav_folder(dav_backup: tuple[Any, DavServer]) -> None:
    app, server = dav_backup
    services = app.services
    set_setting(services, "nas", url=server.url + "deleted-meanwhile/")
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
        assert current_screen(app) == "BackupSignInScreen"


async def test_an_html_403_page_from_a_gateway_is_not_allowed(dav_backup: tuple[Any, DavServer]) -> None:
    """A proxy in front of the WebDAV server answers with its own HTML page: the status decides."""
    app, server = dav_backup
    services = app.services
    url = services.vault.data.locations["nas"]["settings"]["url"]  # type: ignore[union-attr]
    with FaultProxy(server.port) as proxy:
        proxy.set_fault("error", count=10, status=403, body=html_page(403, "Blocked by the gateway."))
        set_setting(services, "nas", url=url.replace(f":{server.port}/", f":{proxy.port}/"))
        text, mark = await back_up_now(app)
    refusal = f"refused: this account is not allowed to list files in http://127.0.0.1:{proxy.port}/"
    assert_not_allowed_by_the_gateway(text, mark, refusal)


async def test_a_name_that_does_not_resolve(
    dav_backup: tuple[Any, DavServer], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = dav_backup
    services = app.services
    real = socket.getaddrinfo
    asked: list[str] = []

    def resolve(host: str, *args: object, **kwargs: object) -> object:
        if host.endswith(".invalid"):
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    set_setting(services, "nas", url="https://dav.tuiauth-test.invalid/backups/")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        text = words(app)
        assert "Last error: Network problem (name lookup failed)" in text
        assert "dav.tuiauth-test.invalid" in text and "Check the server's address" in text
        assert asked and set(asked) == {"dav.tuiauth-test.invalid"}
        await pilot.press("escape")
        assert marker(app) == "⚠ Backup failed: name lookup failed · last just now · ! fix"
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert current_screen(app) == "BackupScreen"
        fix = app.screen.query_one("#fix", Button)
        assert app.focused is fix and str(fix.label) == "Try again now (n)"


async def test_a_refused_port_is_retried_with_backoff(dav_backup: tuple[Any, DavServer], clock: FakeClock) -> None:
    app, _ = dav_backup
    services = app.services
    url = services.vault.data.locations["nas"]["settings"]["url"]  # type: ignore[union-attr]
    set_setting(services, "nas", url=f"http://127.0.0.1:{free_port()}/dav/")
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
        assert marker(app) == "⚠ Backup failed: connection refused · last just now · ! fix"
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


async def test_the_fix_for_a_refused_port_tries_again(dav_backup: tuple[Any, DavServer], clock: FakeClock) -> None:
    app, _ = dav_backup
    services = app.services
    set_setting(services, "nas", url=f"http://127.0.0.1:{free_port()}/dav/")
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
