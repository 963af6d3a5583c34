"""Unlock: wrong then right password, the recovery key instead, and a message for each failure."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from textual.widgets import Input

from tuiauth.app import make_app
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.sealed import MAGIC
from tuiauth.core.services import Services
from tuiauth.core.vault import Vault
from tuiauth.screens.accounts import AccountsScreen
from tuiauth.screens.unlock import UnlockScreen

from .helpers import PASSWORD, draft, words


async def _submit(pilot, app, secret: str) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one("#secret", Input).value = secret
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_wrong_then_right_password(vault_with: Callable[..., Services]) -> None:
    services = vault_with(draft("GitHub"))
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await _submit(pilot, app, "not the password")
        assert "Wrong password" in words(app)
        assert "not the password" not in words(app)
        assert services.vault is None
        await _submit(pilot, app, PASSWORD)
        assert isinstance(app.screen, AccountsScreen)
        assert "GitHub" in words(app)
        assert services.vault is not None and services.vault.writable


async def test_recovery_key_instead_of_the_password(make_services: Callable[[], Services]) -> None:
    services = make_services()
    vault, key_text = Vault.create(services.paths.vault_file, PASSWORD, kdf=TEST_KDF)
    vault.close()
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        assert "Recovery key" in words(app)
        await _submit(pilot, app, "AAAA-BBBB")
        assert "does not open this vault" in words(app)
        await _submit(pilot, app, key_text.lower())
        assert "You opened the vault with the recovery key" in words(app)
        assert services.vault is not None


async def test_corrupt_vault_is_told_apart_from_a_wrong_password(vault_with: Callable[..., Services]) -> None:
    services = vault_with(draft("GitHub"))
    blob = bytearray(services.paths.vault_file.read_bytes())
    blob[-5] ^= 0xFF
    services.paths.vault_file.write_bytes(bytes(blob))
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await _submit(pilot, app, PASSWORD)
        assert "damaged" in words(app)
        assert "Wrong password" not in words(app)
        assert isinstance(app.screen, UnlockScreen)


async def test_tampered_vault_is_told_apart(vault_with: Callable[..., Services]) -> None:
    """Edited outside tuiauth with the checksum fixed up: the authenticated body no longer opens."""
    services = vault_with(draft("GitHub"))
    blob = bytearray(services.paths.vault_file.read_bytes())
    blob[-5] ^= 0xFF
    start = len(MAGIC) + 32
    blob[len(MAGIC) : start] = hashlib.sha256(bytes(blob[start:])).digest()
    services.paths.vault_file.write_bytes(bytes(blob))
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await _submit(pilot, app, PASSWORD)
        assert "changed outside tuiauth" in words(app)
        assert "damaged" not in words(app) and "Wrong password" not in words(app)


async def test_vault_locked_by_another_process(vault_with: Callable[..., Services]) -> None:
    services = vault_with(draft("GitHub"))
    holder = Vault.open(services.paths.vault_file, password=PASSWORD, write=True)
    try:
        app = make_app(services)
        async with app.run_test(size=(80, 24)) as pilot:
            await _submit(pilot, app, PASSWORD)
            assert "Close the other tuiauth" in words(app)
            assert services.vault is None
    finally:
        holder.close()
