"""The restore flow through Pilot (where the backup is, which one, the plan, device-bound
accounts): two homes on one machine — the "old device" backs up
through the core's BackupEngine to a real WebDAV server (wsgidav on 127.0.0.1) or a local folder, and
the "new device" is the app: Start recovery on the first-run screen, or R on the accounts screen.

The helpers here are shared with ``test_restore_problems.py`` and the review snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select

from tuiauth.core import account_ops
from tuiauth.core.accounts import Account
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.restore import needs_verification
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager
from tuiauth.testing.app import current_screen

from ..integration.conftest import dav_servers, wsgidav_server
from ..integration.servers import DavServer
from ..restore.helpers import PIN, TapPlugin
from .helpers import BORDER_EDGES, PASSWORD, AppFactory, FakeClock, draft, screen_text, words

__all__ = ["dav_servers", "wsgidav_server"]

RECOVERY = "old device recovery secret"
OLD_PASSWORD = "old device vault password"
FIELDS = ("id", "issuer", "name", "type", "algorithm", "digits", "period", "counter", "groups", "favourite")


def old_accounts() -> list[Account]:
    """Accounts of every kind, with groups, a favourite and a hand-made order (GitHub last)."""
    drafts = [
        draft("Bank", "me", type="hotp", counter=7, secret="GEZDGNBVGY3TQOJQ", groups=["Money"]),
        draft("Steam", "gamer", type="steam", digits=5, secret="MFRGGZDFMZTWQ2LK"),
        draft(
            "Mail",
            "a@example.com",
            algorithm="SHA256",
            digits=8,
            period=60,
            secret="KRSXG5CTMVRXEZLU",
            favourite=True,
            groups=["Work", "Money"],
        ),
        draft("GitHub", "alice", groups=["Work"]),
    ]
    return [Account.from_draft(d, created_at=0.0, updated_at=0.0) for d in drafts]


def back_up_old_device(
    home: Path, location: str, backend: str, settings: dict[str, str], *, extra: Sequence[Account] = ()
) -> Vault:
    """The old device: its vault (device "old-laptop"), a used HOTP code (counter 7 → 8), backup on.
    Returns the open old vault (the caller closes it)."""
    plugins = PluginManager(entrypoints=False)
    plugins.register(TapPlugin(), "tap-test")
    vault, _ = Vault.create(home / "vault.tuiauth", OLD_PASSWORD, kdf=TEST_KDF, device_name="old-laptop")
    vault.data.accounts.extend([*old_accounts(), *extra])
    for account in extra:
        vault.data.device[account.id] = {"device_key": "old-device-key"}
    vault.data.settings["groups"] = ["Money", "Work"]
    vault.save()
    account_ops.use_code(vault, plugins.methods(), vault.data.accounts[0].id, 0.0)
    clock = FakeClock()
    status = BackupEngine(vault, plugins, clock=clock).enable(location, backend, settings, RECOVERY, kdf=TEST_KDF)
    assert status.last_error is None, status.last_error
    return vault


def dav_settings(server: DavServer, folder: str, password: str | None = None) -> dict[str, str]:
    return {"url": folder, "username": server.user, "password": password or server.password}


def with_tap() -> dict[str, object]:
    """The ``plugins`` option of an app that knows the device-bound "tap" method."""
    return {"tap-test": TapPlugin()}


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def find_backups(pilot: Pilot[None], choice: str, values: dict[str, str], name: str = "") -> None:
    """Step 1: choose the location (``backend:webdav`` or ``configured:home``), fill its form, go."""
    form = await choose_location(pilot, choice, set(values))
    for key, value in values.items():
        control = form.control(key)
        assert isinstance(control, Input)
        control.value = value
    if name:
        pilot.app.screen.query_one("#location-name", Input).value = name
    await pilot.press("ctrl+s")
    await settle(pilot)


async def choose_location(pilot: Pilot[None], choice: str, fields: set[str]) -> Any:
    """Choose ``choice`` in step 1 and wait until its sign-in form (with ``fields``) is shown.

    The screen rebuilds the form in its ``Select.Changed`` handler, which awaits removing the old
    form and mounting the new one; the message first bubbles up from the Select, so one
    ``pilot.pause()`` is not always enough (under load it often is not): filling the form before
    then fills the old one, which is then replaced. Each pause lets the screen process what is queued."""
    screen = pilot.app.screen
    assert type(screen).__name__ == "RestoreLocationScreen"
    screen.query_one("#location", Select).value = choice
    for _ in range(50):
        await pilot.pause()
        form = screen.query_one("#signin-form")
        if form.is_mounted and fields <= {field.name for field in form.fields}:  # type: ignore[attr-defined]
            return form
    raise AssertionError(f"the sign-in form of {choice} never showed up")


async def open_backup(
    pilot: Pilot[None], secret: str = RECOVERY, *, key: bool = False, index: int | None = None
) -> None:
    """Steps 2–3: the backup (the newest unless ``index``), the recovery secret (or key), open."""
    screen = pilot.app.screen
    assert type(screen).__name__ == "RestoreBackupsScreen", type(screen)
    if index is not None:
        screen.query_one("#backups").highlighted = index  # type: ignore[attr-defined]
    if key:
        await pilot.press("ctrl+k")
    screen.query_one("#secret", Input).value = secret
    await pilot.press("ctrl+s")
    await settle(pilot)


async def confirm_new_vault(pilot: Pilot[None]) -> str:
    """The new machine's last step: the vault password twice, then the recovery key confirmed."""
    assert current_screen(pilot.app) == "RestoreVaultScreen"
    if pilot.app.screen.planned is not None:  # the steps count 1, 2, 3, 4
        assert "Restore from a backup · 4. A password for this vault" in plain(pilot.app)
    await pilot.press(*PASSWORD, "enter", *PASSWORD, "enter")
    await settle(pilot)
    assert current_screen(pilot.app) == "RecoveryKeyScreen"
    key_text = str(pilot.app.screen.query_one("#recovery-key").render())
    await pilot.press("space", "tab", "enter")
    await settle(pilot)
    return key_text


def plain(app: object) -> str:
    """The screen's words without the box-drawing edges of borders (wrapped lines then match)."""
    text = screen_text(app)
    for edge in BORDER_EDGES:
        text = text.replace(edge, " ")
    return " ".join(text.split())


def rows(accounts: Sequence[Account]) -> list[list[Any]]:
    return [[getattr(a, f) for f in FIELDS] for a in accounts]


def wsgidav_listing(server: DavServer, folder: str) -> list[str]:
    """The objects in the WebDAV folder, read with the backend itself."""
    backend = PluginManager(entrypoints=False).backend("webdav").factory(dav_settings(server, folder))
    try:
        return sorted(backend.list())
    finally:
        backend.close()


def shown_code(app: Any, account: Account) -> str:
    return app.timer.view(account, app.clock()).code


# --- new machine, WebDAV ------------------------------------------------------------------------------
async def test_start_recovery_on_a_new_machine_over_webdav(
    new_app: AppFactory, wsgidav_server: DavServer, tmp_path: Path, clock: FakeClock
) -> None:
    folder = wsgidav_server.new_folder()
    old = back_up_old_device(tmp_path / "old", "dav", "webdav", dav_settings(wsgidav_server, folder))
    (old_object,) = wsgidav_listing(wsgidav_server, folder)
    old_plugins = PluginManager(entrypoints=False)
    app = new_app()
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await find_backups(pilot, "backend:webdav", dav_settings(wsgidav_server, folder), name="dav")
        assert current_screen(app) == "RestoreBackupsScreen"
        assert "generation 1" in words(app) and "old-laptop" in words(app) and "(newest)" in words(app)
        await open_backup(pilot)
        assert current_screen(app) == "RestoreReviewScreen"
        text = words(app)
        assert "4 to add · 0 already here · 0 conflicts kept as here" in text and "From dav: generation 1" in text
        assert "Next: a password for the vault on this machine." in text
        assert not services.paths.vault_file.exists()  # nothing written before the confirmation
        await pilot.press("enter")
        key_text = await confirm_new_vault(pilot)
        assert current_screen(app) == "RestoreDoneScreen"
        text = words(app)
        assert "Restored 4 accounts." in text
        assert "Back up to dav from this machine too? It holds the backups of old-laptop" in text
        assert "y Back up there too" in text and "n Write nothing there" in text
        assert [p for p in wsgidav_listing(wsgidav_server, folder) if p.startswith("gen-")] == [old_object]
        await pilot.press("y")
        await settle(pilot)
        text = words(app)
        assert "Backup is on again for dav: generation 2 made and verified." in text
        assert "y Back up there too" not in text
        assert key_text not in text
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen"
        new = services.vault
        assert new is not None
        assert rows(new.data.accounts) == rows(old.data.accounts)
        assert [a.counter for a in new.data.accounts if a.type == "hotp"] == [8]
        assert new.data.settings["groups"] == ["Money", "Work"]
        methods = old_plugins.methods()
        for account, before in zip(new.data.accounts, old.data.accounts, strict=True):
            if account.type != "hotp":
                assert shown_code(app, account) == methods[before.type].code(before, clock())
                assert shown_code(app, account) in words(app).replace(" ", "")
        bank = new.data.accounts[0]
        assert account_ops.use_code(new, methods, bank.id, 0.0) == account_ops.use_code(old, methods, bank.id, 0.0)
    old.close()
    services.close()
    assert Vault.open(services.paths.vault_file, recovery_key=key_text).data.locations.keys() == {"dav"}


# --- an open vault, device-bound accounts ----------------------------------------------------
async def test_restore_from_the_accounts_screen_then_verify_a_device_bound_account(
    vault_with: AppFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    push = Account(issuer="Corp", name="bob", secret=b"", type="tap", created_at=0.0, updated_at=0.0)
    old = back_up_old_device(tmp_path / "old", "home", "local", {"path": str(folder)}, extra=[push])
    old.close()
    app = vault_with(unlocked=True, plugins=with_tap())
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await find_backups(pilot, "backend:local", {"path": str(folder)}, name="home")
        await open_backup(pilot)
        assert current_screen(app) == "RestoreReviewScreen"
        assert "4 to add · 1 to verify · 0 already here" in words(app)
        plan_text = " ".join(str(o.prompt) for o in app.screen.query_one("RestorePlanList").options)
        assert "? verify Corp (bob)" in " ".join(plan_text.split())
        assert "their codes and approvals differ from the old device's" in words(app)
        await pilot.press("enter")
        await settle(pilot)
        assert current_screen(app) == "RestoreDoneScreen"
        text = words(app)
        assert "Restored 5 accounts, 1 need more verification." in text
        assert "? Corp (bob) (Tap to approve)" in text
        assert "sign in with the account password or scan a new enrollment qr" in text
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen"
        vault = services.vault
        assert vault is not None
        corp = next(a for a in vault.data.accounts if a.issuer == "Corp")
        assert needs_verification(vault.data, corp, app.methods)
        assert "⚠ needs more verification (v) Corp bob" in words(app)
        assert shown_code(app, corp) == ""  # no code until verified (the tap method would say 000000)

        app.screen.query_one("#accounts").action_cursor_to(len(vault.data.accounts) - 1)  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert "needs more verification" in " ".join(n.message for n in app._notifications)
        await pilot.press("v")
        assert current_screen(app) == "ReverifyScreen"
        assert "new keys, so its codes and approvals differ" in words(app)
        await pilot.press("enter")  # the first way: sign in with the password, then a PIN
        app.screen.query_one("FormRenderer").control("password").value = "wrong"  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "The provider refused the password. Ctrl+r: try again." in words(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        app.screen.query_one("FormRenderer").control("password").value = "hunter2"  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Enter the PIN sent to your phone" in words(app)
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert "✓ Verified." in words(app)
        await pilot.press("escape")
        await pilot.pause()
        assert current_screen(app) == "AccountsScreen"
        assert not needs_verification(vault.data, corp, app.methods)
        assert vault.data.device[corp.id] == {"device_key": "fresh-key"}
        assert shown_code(app, corp) == "000000"
