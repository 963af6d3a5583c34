"""A plugin that raises (ValueError, SystemExit, another BaseException), returns the wrong type or
hangs — in a method's code, an importer's sniff or parse, an exporter, a backend's calls — leaves the
app working: the person reads which plugin failed and how, never the exception's text (the faulty
plugin puts ``CANARY`` in every exception), and no vault data is touched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faulty import CANARY, MAGIC, RAISED, Faulty
from tuiauth.core.backup import list_backups
from tuiauth.plugins.backends.local import LocalBackend
from tuiauth.testing.app import FakeClipboard, account_rows, current_screen, messages, screen_text

from .backup_support import enable, settle
from .helpers import AppFactory, draft, words

#: The misbehaviours a worker call can show (a hang is given up on after ``TIMEOUT`` seconds).
WORKER_FAULTS = [*sorted(RAISED), "garbage", "hang"]
TIMEOUT = 1
#: How each misbehaviour is told, after "the plugin 'faulty' failed: its … NAME()".
TOLD = {**{fault: f"raised {name}" for fault, name in RAISED.items()}, "hang": f"did not answer within {TIMEOUT} s"}


@pytest.fixture
def faulty() -> Iterator[list[Faulty]]:
    """The faulty plugins a test made; a call still hanging is released at the end."""
    made: list[Faulty] = []
    yield made
    for plugin in made:
        plugin.release.set()


def plugin(made: list[Faulty], fault: str, *where: str) -> dict[str, object]:
    """``make_app`` options registering a faulty plugin as the third-party plugin ``faulty``."""
    made.append(Faulty(fault, where))
    return {"plugins": {"faulty": made[-1]}, "config": {"plugin_timeout_seconds": TIMEOUT}}


def told(app: Any) -> str:
    """Every message shown so far (toasts fade; the log keeps them) and the screen."""
    return " ".join(m.text for m in messages(app)) + " " + words(app)


def assert_no_canary(app: Any) -> None:
    assert CANARY not in screen_text(app)
    assert not any(CANARY in m.text or CANARY in m.title for m in messages(app))


def stored(app: Any) -> list[tuple[str, str]]:
    vault = app.services.vault
    return [(a.issuer, a.name) for a in vault.data.accounts]


@pytest.mark.parametrize("fault", [*sorted(RAISED), "garbage"])
async def test_a_method_whose_code_fails_shows_no_code_names_the_plugin_and_the_rest_works(
    vault_with: AppFactory, faulty: list[Faulty], clipboard: FakeClipboard, fault: str
) -> None:
    app = vault_with(draft("Broken", type="faulty"), draft("GitHub"), unlocked=True, **plugin(faulty, fault, "code"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        rows = {row.issuer: row for row in account_rows(app)}
        assert rows["Broken"].code == "—" and rows["GitHub"].code.isdigit()
        reason = "returned int, not str" if fault == "garbage" else TOLD[fault]
        assert f"the plugin 'faulty' failed: its method 'faulty' code() {reason}" in told(app)
        assert_no_canary(app)
        await pilot.press("down", "c")  # the app goes on: another account's code is copied
        await settle(pilot)
        assert clipboard.copied == [rows["GitHub"].code]
        assert app.is_running and current_screen(app) == "AccountsScreen"
    assert stored(app) == [("Broken", "alice"), ("GitHub", "alice")]


async def open_export_file(pilot: Any, path: Path) -> None:
    """From the accounts screen: i, the path, Enter, and wait for the reading to finish."""
    app = pilot.app
    await pilot.press("i")
    field = app.screen.query_one("#import-path")
    field.value = str(path)
    field.focus()
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("fault", WORKER_FAULTS)
async def test_an_importer_whose_sniff_fails_is_named_and_left_out(
    vault_with: AppFactory, faulty: list[Faulty], tmp_path: Path, fault: str
) -> None:
    app = vault_with(draft("GitHub"), unlocked=True, **plugin(faulty, fault, "sniff"))
    export = tmp_path / "codes.faulty"
    export.write_bytes(MAGIC)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await open_export_file(pilot, export)
        reason = "returned str, not int or float" if fault == "garbage" else TOLD[fault]
        assert f"the plugin 'faulty' failed: its importer 'faulty' sniff() {reason}" in told(app)
        assert "tuiauth cannot tell which app wrote codes.faulty" in words(app)
        assert_no_canary(app)
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen"
    assert stored(app) == [("GitHub", "alice")]


@pytest.mark.parametrize("fault", WORKER_FAULTS)
async def test_an_importer_whose_parse_fails_is_a_message_and_imports_nothing(
    vault_with: AppFactory, faulty: list[Faulty], tmp_path: Path, fault: str
) -> None:
    app = vault_with(draft("GitHub"), unlocked=True, **plugin(faulty, fault, "parse"))
    export = tmp_path / "codes.faulty"
    export.write_bytes(MAGIC)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await open_export_file(pilot, export)
        reason = "returned NoneType, not ImportResult" if fault == "garbage" else TOLD[fault]
        assert f"The plugin 'faulty' failed: its importer 'faulty' parse() {reason}" in words(app)
        assert_no_canary(app)
        assert current_screen(app) == "ImportScreen"
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen"
    assert stored(app) == [("GitHub", "alice")]


@pytest.mark.parametrize("fault", WORKER_FAULTS)
async def test_an_exporter_that_fails_writes_nothing_and_says_which_plugin(
    vault_with: AppFactory, faulty: list[Faulty], fault: str
) -> None:
    app = vault_with(draft("GitHub"), unlocked=True, **plugin(faulty, fault, "export"))
    out = Path("~/tuiauth-faulty.faulty").expanduser()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("X")
        for _ in range(20):
            if "~/tuiauth-faulty.faulty" in words(app):
                break
            await pilot.press("down")
        await pilot.press("ctrl+s")
        assert "Write 1 account with their secrets in the clear?" in words(app)
        await pilot.press("y")
        await settle(pilot)
        reason = "returned str, not bytes" if fault == "garbage" else TOLD[fault]
        assert f"The plugin 'faulty' failed: its exporter 'faulty' export() {reason}" in words(app)
        assert "Nothing was exported." in words(app)
        assert_no_canary(app)
        assert current_screen(app) == "ExportScreen" and not out.exists()
    assert stored(app) == [("GitHub", "alice")]


@pytest.mark.parametrize(("fault", "where"), [(f, "list") for f in WORKER_FAULTS] + [("SystemExit0", "factory")])
async def test_a_backend_that_fails_is_the_locations_error_and_the_app_goes_on(
    vault_with: AppFactory, faulty: list[Faulty], tmp_path: Path, clock: Any, fault: str, where: str
) -> None:
    folder = tmp_path / "backups"
    app = vault_with(draft("GitHub"), unlocked=True, **plugin(faulty, "", where))
    enable(app.services, "home", "faulty", {"path": str(folder)}, clock)  # it behaves while turned on
    backed_up = [info.generation for info in list_backups(LocalBackend(folder))]
    faulty[-1].fault = fault
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("b", "n")
        await settle(pilot)
        reason = "returned NoneType, not list" if fault == "garbage" else TOLD[fault]
        assert f"plugin 'faulty' failed: its backend 'faulty' {where}() {reason}" in told(app)
        assert_no_canary(app)
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen" and app.is_running
    assert stored(app) == [("GitHub", "alice")]
    assert [info.generation for info in list_backups(LocalBackend(folder))] == backed_up
