"""Adding accounts by URI, by QR code image and by form (validated field by field), and editing."""

from __future__ import annotations

from pathlib import Path

import pyotp
import segno
from PIL import Image
from textual.widgets import Input, TabbedContent

from tuiauth.core.secrets import b32decode
from tuiauth.core.specs.methods import format_code
from tuiauth.core.vault import Vault
from tuiauth.testing.app import current_screen

from .helpers import PASSWORD, SECRET, AppFactory, AppServices, draft, words

URI = f"otpauth://totp/ACME%20Co:carol@example.com?secret={SECRET}&issuer=ACME%20Co&digits=8"


async def _settle(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()


def stored_issuers(services: AppServices) -> list[str]:
    services.close()
    return [a.issuer for a in Vault.open(services.paths.vault_file, password=PASSWORD).data.accounts]


async def test_add_by_uri_shows_the_right_code(vault_with: AppFactory, clock) -> None:  # type: ignore[no-untyped-def]
    app = vault_with(unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        assert current_screen(app) == "AccountFormScreen"
        app.screen.query_one("#uri", Input).value = "otpauth://totp/x?secret=not*base32"
        await pilot.press("enter")
        await _settle(pilot, app)
        assert "not base32" in words(app)
        app.screen.query_one("#uri", Input).value = URI
        await pilot.press("enter")
        await _settle(pilot, app)
        assert current_screen(app) == "AccountsScreen"
        expected = pyotp.TOTP(SECRET, digits=8).at(int(clock.now))
        assert "ACME Co" in words(app) and format_code(expected) in words(app)
    assert stored_issuers(services) == ["ACME Co"]


async def test_add_by_qr_image(vault_with: AppFactory, tmp_path: Path) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    image = tmp_path / "qr.png"
    segno.make(URI, error="m").save(image, scale=6, border=4)
    not_an_image = tmp_path / "notes.txt"
    not_an_image.write_text("hello")
    blank = tmp_path / "blank.png"
    Image.new("RGB", (200, 200), "white").save(blank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        app.screen.query_one(TabbedContent).active = "by-qr"
        await pilot.pause()
        field = app.screen.query_one("#qr-path", Input)
        for path, reason in ((tmp_path / "missing.png", "There is no file at"), (not_an_image, "is not an image"),
                             (blank, "No QR code found")):  # fmt: skip
            field.value = str(path)
            field.focus()
            await pilot.press("enter")
            await _settle(pilot, app)
            assert reason in words(app), reason
        field.value = str(image)
        await pilot.press("enter")
        await _settle(pilot, app)
        assert current_screen(app) == "AccountsScreen"
        assert "ACME Co" in words(app)
    assert stored_issuers(services) == ["ACME Co"]


async def test_form_says_what_is_wrong_with_each_field(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("a")
        app.screen.query_one(TabbedContent).active = "by-form"
        await pilot.pause()
        form = app.screen
        form.query_one("#secret", Input).value = "NOT BASE32 !"
        form.query_one("#digits", Input).value = "12"
        form.query_one("#period", Input).value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = words(app)
        assert "Give an issuer, an account name, or both" in text
        assert "not base32" in text
        assert "Between 4 and 10" in text
        assert "A whole number, please" in text
        assert app.focused is form.query_one("#issuer")

        form.query_one("#issuer", Input).value = "GitHub"
        form.query_one("#secret", Input).value = SECRET.lower()
        form.query_one("#digits", Input).value = "6"
        form.query_one("#period", Input).value = "30"
        await pilot.press("ctrl+s")
        await _settle(pilot, app)
        assert "already in the vault" in words(app)  # same secret and parameters as GitHub

        form.query_one("#issuer", Input).value = "Forgejo"
        form.query_one("#secret", Input).value = "GEZDGNBVGY3TQOJQGEZDGNBV"
        form.query_one("#groups", Input).value = "work, code"
        await pilot.press("ctrl+s")
        await _settle(pilot, app)
        assert current_screen(app) == "AccountsScreen"
    services.close()
    added = Vault.open(services.paths.vault_file, password=PASSWORD).data.accounts[-1]
    assert (added.issuer, added.groups, added.digits) == ("Forgejo", ["work", "code"], 6)


async def test_edit_keeps_the_secret_unless_a_new_one_is_given(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub", "alice"), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("e")
        assert "Edit GitHub (alice)" in words(app)
        app.screen.query_one("#name", Input).value = "alice@work"
        await pilot.press("ctrl+s")
        await _settle(pilot, app)
        assert current_screen(app) == "AccountsScreen"
        assert "alice@work" in words(app)
    services.close()
    edited = Vault.open(services.paths.vault_file, password=PASSWORD).data.accounts[0]
    assert edited.name == "alice@work"
    assert edited.secret == b32decode(SECRET)
