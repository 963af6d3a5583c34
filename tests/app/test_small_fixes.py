"""Smaller things a person saw on screen, each by keys: a headline said twice, a stale reason under
a fixed field, a check box that reads the same ticked or not without colour, a duplicate that did not
say what it duplicates, a host name taken for an encrypted backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tuiauth.testing.app import current_screen

from ..integration.servers import DavServer
from .backup_support import dav_backup, dav_servers, set_setting, settle, wsgidav_server
from .helpers import SECRET, AppFactory, draft, screen_text, words
from .test_import_screen import open_file

__all__ = ["dav_backup", "dav_servers", "wsgidav_server"]


async def test_sign_in_screen_says_sign_in_failed_once(dav_backup: tuple[Any, DavServer]) -> None:
    app, _ = dav_backup
    services = app.services
    set_setting(services, "nas", password="an old password")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert current_screen(app) == "BackupSignInScreen"
        text = words(app)
        assert "check the user name and password" in text
        assert text.casefold().count("sign-in failed") == 1, text


async def test_a_fixed_recovery_secret_loses_its_reason(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b", "a")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "BackupSetupScreen"
        secret = screen.query_one("#secret", Input)
        secret.focus()
        await pilot.press(*"short", "ctrl+s")
        await pilot.pause()
        assert "At least 8 characters." in words(app)
        secret.focus()  # (the save focused the location's first empty field)
        await pilot.press("end", *" and now long enough")
        assert "At least 8 characters." not in words(app)


async def test_a_fixed_vault_password_loses_its_reason(new_app: AppFactory) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", *"short", "enter", *"short", "enter")
        await pilot.pause()
        assert "The password needs at least 8 characters." in words(app)
        await pilot.press("end", *" but longer")  # the password field has the focus back
        assert "needs at least 8 characters" not in words(app)
        assert "The two passwords differ" in words(app)  # what is still wrong, about the other field


async def test_check_box_reads_without_colour(vault_with: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()

        def box_line() -> str:
            return next(line for line in screen_text(app).splitlines() if "Favourite (pinned on top)" in line)

        app.screen.query_one("#favourite").focus()
        unticked = box_line()
        await pilot.press("space")
        ticked = box_line()
        assert ticked != unticked, ticked
        assert "X" in ticked and "X" not in unticked


async def test_duplicates_name_what_they_duplicate(vault_with: AppFactory, tmp_path: Path) -> None:
    app = vault_with(draft("GitHub", "alice"), unlocked=True)
    other = "GEZDGNBVGY3TQOJQGEZDGNBV"
    export = tmp_path / "codes.txt"
    export.write_text(
        f"otpauth://totp/Old%20GitHub:alice?secret={SECRET}&issuer=Old%20GitHub\n"
        f"otpauth://totp/Proton:bob?secret={other}&issuer=Proton\n"
        f"otpauth://totp/Proton%20again:bob?secret={other}&issuer=Proton%20again\n"
    )
    async with app.run_test(size=(100, 24)) as pilot:
        await open_file(pilot, export)
        text = words(app)
        assert "duplicate Old GitHub (alice) — already in the vault as GitHub (alice)" in text
        assert "duplicate Proton again (bob) — the same as Proton (bob) above in this file" in text


@pytest.mark.parametrize("content", ["vm\n", "myhost\n"])
async def test_a_host_name_file_is_not_taken_for_a_backup(vault_with: AppFactory, tmp_path: Path, content: str) -> None:
    """``/etc/hostname`` holds base64-looking text; it is no TOTP Authenticator backup."""
    hostname = tmp_path / "hostname"
    hostname.write_text(content)
    app = vault_with(unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, hostname)
        text = words(app)
        assert "cannot tell which app wrote hostname" in text
        assert "TOTP Authenticator" not in text
