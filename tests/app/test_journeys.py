"""Journeys by keys only (``pilot.press``), reading what is on screen: a forgotten password, and a
damaged vault."""

from __future__ import annotations

import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.errors import WrongPasswordError
from tuiauth.core.vault import Vault

from .helpers import PASSWORD, AppFactory, draft, words

NEW_PASSWORD = "a new password for 2027"
KEY_NAMES = {" ": "space", "-": "minus"}


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*(KEY_NAMES.get(c, c) for c in text))


def notes(app) -> str:  # type: ignore[no-untyped-def]
    """The notifications shown (toasts are drawn over the screen after the frame read by ``words``)."""
    return " ".join(n.message for n in app._notifications)


async def settle(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_forgotten_password_recovery_key_then_a_new_password(new_app: AppFactory) -> None:
    app = new_app()
    services = app.services
    vault, key_text = Vault.create(services.paths.vault_file, PASSWORD, kdf=TEST_KDF)
    vault.data.accounts.append(Account.from_draft(draft("GitHub")))
    vault.save()
    vault.close()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        assert "Recovery key" in words(app)
        await type_text(pilot, key_text.lower())
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Change the vault password" in words(app)
        assert "You opened the vault with the recovery key" in words(app)

        await type_text(pilot, NEW_PASSWORD)
        await pilot.press("enter")
        await type_text(pilot, NEW_PASSWORD)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "GitHub" in words(app)
        assert "The vault password was changed" in notes(app)

        await pilot.press("ctrl+l")
        await settle(pilot, app)
        assert "Unlock tuiauth" in words(app)
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Wrong password" in words(app), "the old password no longer opens the vault"
        await type_text(pilot, NEW_PASSWORD)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "GitHub" in words(app) and "Unlock tuiauth" not in words(app)

        # Any time after: from the help (by its id) and from the palette.
        await pilot.press("f1", "end")
        await settle(pilot, app)
        assert "change_password" in words(app) and "new_recovery_key" in words(app)
        await pilot.press("escape", "ctrl+p")
        await type_text(pilot, "change password")
        await settle(pilot, app)
        assert "Change password" in words(app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Change the vault password" in words(app)
        assert "You opened the vault with the recovery key" not in words(app)


async def test_damaged_vault_then_a_previous_copy(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"))
    services = app.services
    path = services.paths.vault_file
    with Vault.open(path, password=PASSWORD, write=True) as vault:
        vault.data.accounts.append(Account.from_draft(draft("GitLab", secret="JBSWY3DPEHPK3PXQ")))
        vault.save()  # vault.tuiauth.1 now holds GitHub alone
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0xFF
    path.write_bytes(bytes(blob))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        shown = words(app)
        assert "damaged" in shown and "previous copies are kept beside it" in shown
        assert shown.count("damaged") == 1, "said once"
        assert "ctrl+o opens one" in shown and "ctrl+t starts recovery" in shown

        await pilot.press("ctrl+o")
        await settle(pilot, app)
        assert "Open a previous copy" in words(app) and "1 saved " in words(app) and "3 saved " not in words(app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Password for the copy saved" in words(app)
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await settle(pilot, app)
        shown = words(app)
        assert "GitHub" in shown and "GitLab" not in shown
        told = notes(app)
        assert "1 account." in told and "The damaged file is kept as vault.tuiauth.damaged-" in told
    kept = list(path.parent.glob("vault.tuiauth.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(blob)


async def test_a_new_recovery_key_is_shown_once_and_the_old_one_stops_working(
    new_app: AppFactory,
) -> None:
    app = new_app()
    services = app.services
    vault, old_key = Vault.create(services.paths.vault_file, PASSWORD, kdf=TEST_KDF)
    services.vault = vault
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("Y")
        await settle(pilot, app)
        assert "Make a new recovery key?" in words(app) and "A recovery key opens this vault" in words(app)
        await pilot.press("y")
        await settle(pilot, app)
        assert "Your recovery key" in words(app) and "I have written down my recovery key" in words(app)
        new_key = str(app.screen.query_one("#recovery-key").render())
        await pilot.press("space", "tab", "enter")
        await settle(pilot, app)
        assert "Your recovery key" not in words(app)
    services.close()
    with pytest.raises(WrongPasswordError):
        Vault.open(services.paths.vault_file, recovery_key=old_key)
    Vault.open(services.paths.vault_file, recovery_key=new_key).close()


async def test_damaged_vault_then_start_recovery_keeps_the_damaged_file(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"))
    services = app.services
    path = services.paths.vault_file
    damaged = b"TUIAUTH-SEALED\r\n" + b"\0" * 64
    path.write_bytes(damaged)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "ctrl+t starts recovery" in words(app)
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        assert "Restore from a backup" in words(app) and "Unlock tuiauth" not in words(app)
        assert "The damaged vault is kept as vault.tuiauth.damaged-" in notes(app)
    assert not path.exists()
    (kept,) = path.parent.glob("vault.tuiauth.damaged-*")
    assert kept.read_bytes() == damaged
