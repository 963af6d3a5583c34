"""The key sweep: every screen of the app at 80×24, every key it offers pressed, then ctrl+p and Escape;
after each key the app still runs and shows no error.

The screens come from the app itself (``tuiauth.testing.app.screen_names``: every ``Screen`` in
``tuiauth.screens``): a screen without a route here fails ``test_every_screen_has_a_route``, so a new
screen cannot skip the sweep.
A route starts an app from files and keys, and takes it to its screen. The keys of a screen are its
commands as the palette lists them (enabled bindings with an id), one key each, but not ctrl+q (quit
ends the app: the sweep checks it is still running). A key that leaves the screen is followed by
Escape until the screen is back; when it is not (a lock, a finished step), a fresh app takes the route
again for the keys not pressed yet.
"""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tuiauth.core.accounts import Account
from tuiauth.core.vault import Vault
from tuiauth.testing.app import (
    PASSWORD,
    FakeClipboard,
    FakeClock,
    create_vault,
    current_screen,
    make_app,
    messages,
    screen_names,
)

from .backup_support import enable
from .helpers import draft
from .test_restore_flow import find_backups, open_backup, with_tap
from .test_restore_problems import local_backups

#: Keys never pressed by the sweep: ctrl+q ends the app.
NOT_PRESSED = frozenset({"ctrl+q"})


@dataclass
class Context:
    tmp_path: Path
    clock: FakeClock
    clipboard: FakeClipboard
    #: The home of the app being started (each fresh start has its own).
    home: Path = field(default_factory=Path)

    def app(self, accounts: list[Any] | None = None, *, unlocked: bool = False, **options: Any) -> Any:
        """The app over ``home``: no vault, or a vault of ``accounts``, locked or open."""
        if accounts is not None:
            create_vault(self.home, accounts)
        unlock = PASSWORD if unlocked else None
        return make_app(self.home, clock=self.clock, clipboard=self.clipboard, unlock=unlock, **options)


Go = Callable[[Pilot[None], Context], Awaitable[None]]


@dataclass(frozen=True)
class Route:
    screen: str
    setup: Callable[[Context], Any]
    go: Go


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def keys(*names: str) -> Go:
    async def go(pilot: Pilot[None], ctx: Context) -> None:
        await settle(pilot)
        for name in names:
            await pilot.press(name)
            await settle(pilot)

    return go


def chain(*steps: Go) -> Go:
    async def go(pilot: Pilot[None], ctx: Context) -> None:
        for step in steps:
            await step(pilot, ctx)

    return go


# --- what each route starts from -------------------------------------------------------------------------
def first_run(ctx: Context) -> Any:
    return ctx.app()


def locked(ctx: Context) -> Any:
    return ctx.app([draft("GitHub")])


def empty(ctx: Context) -> Any:
    return ctx.app([], unlocked=True)


def full(ctx: Context) -> Any:
    return ctx.app(
        [
            draft("GitHub", groups=["work"], favourite=True),
            draft("Bank", "me", type="hotp", counter=3),
            draft("Steam", "gamer", type="steam", digits=5),
            draft("Proton", "bob", note="recovery codes in the safe"),
        ],
        unlocked=True,
    )


def with_location(ctx: Context) -> Any:
    app = full(ctx)
    # A folder of its own each time: another vault's backups there would make it a shared location.
    folder = Path(tempfile.mkdtemp(prefix="backups-here-", dir=ctx.tmp_path))
    enable(app.services, "home", "local", {"path": str(folder)}, ctx.clock)
    return app


def damaged(ctx: Context) -> Any:
    """A vault whose file is damaged, with an intact previous copy beside it."""
    app = ctx.app([draft("GitHub")])
    path = app.services.paths.vault_file
    with Vault.open(path, password=PASSWORD, write=True) as vault:
        vault.data.accounts.append(Account.from_draft(draft("GitLab")))
        vault.save()
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0xFF
    path.write_bytes(bytes(blob))
    return app


def device_bound(ctx: Context) -> Any:
    return ctx.app([draft("Corp", "bob", type="tap")], unlocked=True, plugins=with_tap())


# --- the restore steps ----------------------------------------------------------------------------------------
async def found_backups(pilot: Pilot[None], ctx: Context) -> None:
    """Step 1 done: an old device's backups (made once per test) found in a local folder."""
    folder = ctx.tmp_path / "backups"
    if not folder.exists():
        local_backups(ctx.tmp_path)
    await find_backups(pilot, "backend:local", {"path": str(folder)}, name="home")


async def opened_backup(pilot: Pilot[None], ctx: Context) -> None:
    await open_backup(pilot)


async def found_nothing(pilot: Pilot[None], ctx: Context) -> None:
    folder = ctx.tmp_path / "nothing-here"
    folder.mkdir(exist_ok=True)
    await find_backups(pilot, "backend:local", {"path": str(folder)}, name="home")


ROUTES: dict[str, Route] = {
    "first run": Route("WelcomeScreen", first_run, keys()),
    "create vault": Route("CreateVaultScreen", first_run, keys("c")),
    "recovery key": Route("RecoveryKeyScreen", first_run, keys("c", *PASSWORD, "enter", *PASSWORD, "enter")),
    "unlock": Route("UnlockScreen", locked, keys()),
    "unlock, damaged vault": Route("UnlockScreen", damaged, keys()),
    "previous copies": Route("PreviousCopiesScreen", damaged, keys("ctrl+o")),
    "accounts, empty": Route("AccountsScreen", empty, keys()),
    "accounts, full": Route("AccountsScreen", full, keys()),
    "add": Route("AccountFormScreen", full, keys("a")),
    "edit": Route("AccountFormScreen", full, keys("e")),
    "delete": Route("ConfirmScreen", full, keys("d")),
    "help": Route("HelpScreen", full, keys("f1")),
    "messages": Route("MessagesScreen", full, keys("ctrl+g")),
    "trash": Route("TrashScreen", full, keys("T")),
    "doctor": Route("DoctorScreen", full, keys("D")),
    "change password": Route("ChangePasswordScreen", full, keys("P")),
    "export": Route("ExportScreen", full, keys("X")),
    "QR code": Route("QrScreen", full, keys("x", "y")),
    "import": Route("ImportScreen", full, keys("i")),
    "backup, none yet": Route("BackupScreen", full, keys("b")),
    "backup": Route("BackupScreen", with_location, keys("b")),
    "backup setup": Route("BackupSetupScreen", full, keys("b", "a")),
    "backup sign-in": Route("BackupSignInScreen", with_location, keys("b", "s")),
    "restore 1": Route("RestoreLocationScreen", first_run, keys("r")),
    "restore 1, with a vault": Route("RestoreLocationScreen", empty, keys("R")),
    "restore 2": Route("RestoreBackupsScreen", first_run, chain(keys("r"), found_backups)),
    "restore 3": Route("RestoreReviewScreen", first_run, chain(keys("r"), found_backups, opened_backup)),
    "restore 4": Route("RestoreVaultScreen", first_run, chain(keys("r"), found_backups, opened_backup, keys("enter"))),
    "restore done": Route("RestoreDoneScreen", empty, chain(keys("R"), found_backups, opened_backup, keys("enter"))),
    "restore problem": Route("RestoreProblemScreen", first_run, chain(keys("r"), found_nothing)),
    "verify again": Route("ReverifyScreen", device_bound, keys("v")),
}


def test_every_screen_has_a_route() -> None:
    reached = {route.screen for route in ROUTES.values()}
    missing = sorted(screen_names() - reached)
    assert not missing, f"screens the key sweep cannot reach (add a route in {__name__}): {missing}"


def offered_keys(screen: Any) -> list[str]:
    """One key for each command the screen offers (as the palette lists them)."""
    seen: set[str] = set()
    out: list[str] = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or not binding.id or binding.id in seen or key in NOT_PRESSED:
            continue
        seen.add(binding.id)
        out.append(key)
    return out


def problems(app: Any) -> list[str]:
    """An exception, an app that stopped, or an error message (faded or not)."""
    found = [f"stopped: {app.return_code}"] if not app.is_running else []
    if app._exception is not None:
        found.append(repr(app._exception))
    found += [f"error: {m.text}" for m in messages(app) if m.severity == "error"]
    return found


@pytest.fixture
def ctx(tmp_path: Path, clock: FakeClock, clipboard: FakeClipboard) -> Context:
    return Context(tmp_path, clock, clipboard)


@pytest.mark.parametrize("name", list(ROUTES))
async def test_every_key_of_every_screen(name: str, ctx: Context) -> None:

    route = ROUTES[name]
    pressed: list[str] = []
    for start in range(30):  # fresh apps (each in its own home), while keys are left
        ctx.home = ctx.tmp_path / f"home-{start}"
        app = route.setup(ctx)
        async with app.run_test(size=(80, 24)) as pilot:
            await route.go(pilot, ctx)
            target = app.screen
            assert current_screen(app) == route.screen, f"{name}: the route ends on {current_screen(app)}"
            left = [k for k in [*offered_keys(target), "ctrl+p", "escape"] if k not in pressed]
            if not left:
                return
            for key in left:
                pressed.append(key)
                await pilot.press(key)
                await settle(pilot)
                assert not problems(app), f"{name}: after {key}: {problems(app)}"
                if key == "ctrl+p":
                    assert current_screen(app) == "CommandPalette", f"{name}: ctrl+p opened no palette"
                for _ in range(3):
                    if app.screen is target:
                        break
                    await pilot.press("escape")
                    await settle(pilot)
                    assert not problems(app), f"{name}: Escape after {key}: {problems(app)}"
                if app.screen is not target:
                    break  # a fresh app for the keys left
        app.services.close()
    raise AssertionError(f"{name}: keys left after 30 fresh starts: pressed {pressed}")
