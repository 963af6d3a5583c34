"""A third-party method (``tests/plugin_packages/tuiauth-septet``, installed with pip and found by
its entry point) in the app: added by URI and by the form (with its own defaults), its code shown in
its own grouping, and copied."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from tuiauth.testing.app import FakeClipboard, FakeClock, account_rows, current_screen, paste, settle

from ..third_party import install_packages
from ..third_party_method import SEPTET_URI, septet
from .helpers import AppFactory, words
from .test_account_form import choose_type, to_form


@pytest.fixture(scope="module")
def septet_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_packages(tmp_path_factory.mktemp("septet"), "tuiauth-septet")


async def test_added_by_uri_shown_grouped_and_copied(
    septet_site: Path,
    monkeypatch: pytest.MonkeyPatch,
    vault_with: AppFactory,
    clock: FakeClock,
    clipboard: FakeClipboard,
) -> None:
    monkeypatch.syspath_prepend(str(septet_site))
    app = vault_with(unlocked=True, entrypoints=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        assert current_screen(app) == "AccountFormScreen"
        await paste(pilot, SEPTET_URI)
        await pilot.press("enter")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen"
        code = septet("JBSWY3DPEHPK3PXP", "pepper", clock.now)
        (row,) = account_rows(app)
        assert (row.issuer, row.name, row.code) == ("Acme Labs", "alice", code)
        assert f"{code[:4]} {code[4:]}" in words(app)  # the method's grouping: 4 then 3
        await pilot.press("c")
        await settle(pilot)
        assert clipboard.text == code


async def test_added_by_the_form_with_its_own_defaults(
    septet_site: Path, monkeypatch: pytest.MonkeyPatch, vault_with: AppFactory, clock: FakeClock
) -> None:
    monkeypatch.syspath_prepend(str(septet_site))
    app = vault_with(unlocked=True, entrypoints=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_form(pilot)
        await pilot.press(*"Beta", "tab", *"bob", "tab", *"GEZDGNBVGY3TQOJQ", "tab")
        await choose_type(pilot, "Septet")
        form = app.screen
        assert form.query_one("#digits", Input).value == "7"
        assert form.query_one("#algorithm", Select).value == "SHA256"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen"
        (row,) = account_rows(app)
        assert (row.issuer, row.code) == ("Beta", septet("GEZDGNBVGY3TQOJQ", "", clock.now))
