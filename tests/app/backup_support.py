"""Shared by the backup-screen tests: helpers, and fixtures with a location already turned on (a local
folder, or a real wsgidav on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tuiauth.core.backup import BackupEngine, list_backups
from tuiauth.core.crypto import TEST_KDF
from tuiauth.plugins.backends.local import LocalBackend

from ..integration.conftest import dav_servers, wsgidav_server
from ..integration.servers import DavServer
from .helpers import AppFactory, AppServices, FakeClock, draft, words

__all__ = ["dav_backup", "dav_servers", "local_backup", "wsgidav_server"]

RECOVERY = "a different long recovery secret"
URI = "otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBV&issuer=GitLab"


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and the screen redraw (the state is read after the first frame)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def marker(app: Any) -> str:
    found = app.screen.query("BackupMarker")
    return str(found.first().render()) if found and found.first().display else ""


async def back_up_now(app: Any) -> tuple[str, str]:
    """Open the backup screen and press n: the screen's words, then the marker once it is closed."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        text = words(app)
        await pilot.press("escape")
        return text, marker(app)


def assert_not_allowed_by_the_gateway(text: str, mark: str, refusal: str) -> None:
    """What a person reads after a proxy's HTML 403 page (``html_page(403, "Blocked by the gateway.")``)."""
    assert "Last error: Not allowed" in text and refusal in text
    assert "Blocked by the gateway" in text and "document type" not in text
    assert "This account may not write there: press s to sign in with one that may." in text
    assert mark == "⚠ Backup failed: not allowed · last just now · ! fix"


def enable(services: AppServices, name: str, backend: str, settings: dict[str, str], clock: FakeClock) -> None:
    """Turn a location on through the engine (what the setup screen does, tested below)."""
    assert services.vault is not None
    engine = BackupEngine(services.vault, services.plugins, clock=clock)
    status = engine.enable(name, backend, settings, RECOVERY, kdf=TEST_KDF)
    assert status.last_error is None


def set_setting(services: AppServices, location: str, **values: str) -> None:
    """Change a stored sign-in value behind the app's back (a password changed on the server, a
    server moved …), in memory: the vault file and its generation stay as they are."""
    assert services.vault is not None
    services.vault.data.locations[location]["settings"].update(values)


def generations(folder: Path) -> list[int]:
    return sorted(info.generation for info in list_backups(LocalBackend(folder)))


@pytest.fixture
def local_backup(vault_with: AppFactory, clock: FakeClock, tmp_path: Path) -> tuple[Any, Path]:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    folder = tmp_path / "backups"
    folder.mkdir()
    enable(services, "home", "local", {"path": str(folder)}, clock)
    return app, folder


@pytest.fixture
def dav_backup(vault_with: AppFactory, clock: FakeClock, wsgidav_server: DavServer) -> tuple[Any, DavServer]:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    settings = {"url": wsgidav_server.new_folder(), "username": wsgidav_server.user}
    enable(services, "nas", "webdav", {**settings, "password": wsgidav_server.password}, clock)
    return app, wsgidav_server
