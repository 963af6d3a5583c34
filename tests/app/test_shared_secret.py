"""Turning on a second location offers the recovery secret already in use (typed again, checked,
never shown); a different one only when asked for; the backup screen says which location uses which.
Keys only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tuiauth.core.backup import read_latest
from tuiauth.plugins.backends.local import LocalBackend
from tuiauth.testing.app import current_screen

from .backup_support import RECOVERY, local_backup, settle
from .helpers import words

__all__ = ["local_backup"]

OTHER = "a third long recovery secret"


async def open_setup(pilot: Any, folder: Path) -> None:
    """b, a: the setup screen; tab to the folder field and type it (the name stays 'local')."""
    await pilot.press("b", "a")
    await settle(pilot)
    await pilot.press("tab", "tab", *str(folder))


async def test_second_location_takes_the_same_secret_or_another_on_purpose(
    local_backup: tuple[Any, Path], tmp_path: Path
) -> None:
    app, _ = local_backup
    usb, own = tmp_path / "usb", tmp_path / "own"
    usb.mkdir()
    own.mkdir()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_setup(pilot, usb)
        text = words(app)
        assert "Your other backups (home) use one recovery secret. Type it again to use it here too" in text
        assert "Repeat it" not in text and "Use a different recovery secret for this location" in text
        await pilot.press("tab", "tab", *"not the secret at all", "enter")
        await settle(pilot)
        assert "That is not the recovery secret your other backups use (home)" in words(app)
        assert current_screen(app) == "BackupSetupScreen" and not any(usb.iterdir())
        await pilot.press("ctrl+u", *RECOVERY, "enter")
        await settle(pilot)
        assert current_screen(app) == "BackupScreen"
        text = words(app)
        assert "local — Folder" in text and "Recovery secret: the same as home" in text
        assert RECOVERY not in text
        assert read_latest(LocalBackend(usb), secret=RECOVERY).info.generation == 1

        await open_setup(pilot, own)
        await pilot.press("tab", "space")  # tick "a different recovery secret"
        text = words(app)
        assert "This location gets a recovery secret of its own" in text and "Repeat it" in text
        await pilot.press("tab", *OTHER, "tab", *OTHER, "enter")
        await settle(pilot)
        assert current_screen(app) == "BackupScreen"
        assert "Recovery secret: its own, not the one home, local use" in words(app)
        assert read_latest(LocalBackend(own), secret=OTHER).info.generation == 1
