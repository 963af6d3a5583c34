"""Unlock: wrong then right password, the recovery key instead, and a message for each failure."""

from __future__ import annotations

import hashlib

from textual.widgets import Input

from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.sealed import MAGIC
from tuiauth.core.vault import Vault
from tuiauth.testing.app import current_screen

from .helpers import PASSWORD, AppFactory, draft, words


async def _submit(pilot, app, secret: str) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one("#secret", Input).value = secret
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_wrong_then_right_password(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"))
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        assert current_screen(app) == "UnlockScreen"
        await _submit(pilot, app, "not the password")
        assert "Wrong password" in words(app)
        assert "not the password" not in words(app)
        assert services.vault is None
        await _submit(pilot, app, PASSWORD)
        assert current_screen(app) == "AccountsScreen"
        assert "GitHub" in words(app)
        assert services.vault is not None and services.vault.writable


async def test_recovery_key_instead_of_the_password(new_app: AppFactory) -> None:
    app = new_app()
    services = app.services
    vault, key_text = Vault.create(services.paths.vault_file, PASSWORD, kdf=TEST_KDF)
    vault.close()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        assert "Recovery key (the one you wrote down when you created the vault)" in words(app)
        await _submit(pilot, app, "AAAA-BBBB")
        assert "does not open this vault" in words(app)
        await _submit(pilot, app, key_text.lower())
        assert "You opened the vault with the recovery key" in words(app)
        assert services.vault is not None


async def test_corrupt_vault_is_told_apart_from_a_wrong_password(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"))
    services = app.services
    blob = bytearray(services.paths.vault_file.read_bytes())
    blob[-5] ^= 0xFF
    services.paths.vault_file.write_bytes(bytes(blob))
    async with app.run_test(size=(80, 24)) as pilot:
        await _submit(pilot, app, PASSWORD)
        assert "damaged" in words(app)
        assert "Wrong password" not in words(app)
        assert current_screen(app) == "UnlockScreen"


async def test_tampered_vault_is_told_apart(vault_with: AppFactory) -> None:
    """Edited outside tuiauth with the checksum fixed up: the authenticated body no longer opens."""
    app = vault_with(draft("GitHub"))
    services = app.services
    blob = bytearray(services.paths.vault_file.read_bytes())
    blob[-5] ^= 0xFF
    start = len(MAGIC) + 32
    blob[len(MAGIC) : start] = hashlib.sha256(bytes(blob[start:])).digest()
    services.paths.vault_file.write_bytes(bytes(blob))
    async with app.run_test(size=(80, 24)) as pilot:
        await _submit(pilot, app, PASSWORD)
        assert "changed outside tuiauth" in words(app)
        assert "damaged" not in words(app) and "Wrong password" not in words(app)


async def test_another_session_with_the_vault_open_does_not_stop_unlocking(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"))
    services = app.services
    other = Vault.open(services.paths.vault_file, password=PASSWORD, write=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _submit(pilot, app, PASSWORD)
            assert current_screen(app) == "AccountsScreen"
            assert services.vault is not None and services.vault.writable
    finally:
        other.close()
