"""The create-vault and unlock screens say how long the key derivation will take on this machine,
from one speed probe timed by the services' KDF clock (fixed here)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from tuiauth.testing.app import current_screen

from .helpers import PASSWORD, AppFactory, words


def probe_taking(seconds: float) -> Callable[[], float]:
    """Successive readings ``seconds`` apart: each probe takes ``seconds``."""
    now = [500.0]

    def clock() -> float:
        now[0] += seconds
        return now[0]

    return clock


async def test_creating_a_vault_says_the_expected_time(new_app: AppFactory) -> None:
    app = new_app()
    services = app.services
    services.kdf_clock = probe_taking(7.0)  # the test profile is its own probe: the derivation takes 7 s
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", *PASSWORD, "enter", *PASSWORD, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert current_screen(app) == "RecoveryKeyScreen"
        beneath = app.screen_stack[-2]  # the create screen, its last message kept
        assert type(beneath).__name__ == "CreateVaultScreen"
        said = str(beneath.query_one("#error", Static).render())
        assert said == "Deriving the vault key: about 7 seconds on this machine…"


async def test_unlocking_says_what_each_try_costs(vault_with: AppFactory) -> None:
    app = vault_with()
    services = app.services
    services.kdf_clock = probe_taking(12.4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"not the password", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "wrong password" in words(app).lower()
        assert "Each try derives the key: about 12 seconds on this machine." in words(app)
