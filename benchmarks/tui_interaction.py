"""Per-second tick and search keystroke costs of the accounts screen at 100 / 1,000 / 10,000 accounts.

Targets (2-core machine): a tick at most 2 ms at 10,000; a search keystroke at most 16 ms.

* tick: ``app.tick(now)`` (idle check, clipboard check, list refresh) plus drawing every visible row
  of the list (``render_line``: code timer lookups, strip building), for 60 consecutive seconds with a
  fake clock, so two period rollovers (where the visible codes are recomputed) are included;
* search: for each keystroke of "issuer 00042", the filter over all accounts plus drawing the visible
  rows of the result; and the same keystrokes through Textual: a key event posted to the app, routed
  to the search field, its Changed message, the filter, and drawing the visible rows.

    python benchmarks/tui_interaction.py
"""

from __future__ import annotations

import asyncio
import statistics
import time

from textual import events

from tuiauth.app import make_app
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault
from tuiauth.services import Services
from tuiauth.widgets.account_list import AccountList

SIZES = (100, 1_000, 10_000)
QUERY = "issuer 00042"


class Clock:
    def __init__(self) -> None:
        self.now = 1_795_903_200.0

    def __call__(self) -> float:
        return self.now


def draw(listing: AccountList) -> None:
    for y in range(listing.scrollable_content_region.height):
        listing.render_line(y)


def ms(seconds: list[float]) -> str:
    mean, median, worst = statistics.mean(seconds), statistics.median(seconds), max(seconds)
    return f"median {median * 1000:6.2f} ms, mean {mean * 1000:6.2f} ms, max {worst * 1000:6.2f} ms"


async def measure(n: int, home_root: str) -> tuple[list[float], list[float], list[float]]:
    """Seconds per tick, per keystroke filtered and drawn directly, and per keystroke through the app."""
    import os

    os.environ["TUIAUTH_HOME"] = f"{home_root}/home-{n}"
    clock = Clock()
    services = Services.create(entrypoints=False, kdf=TEST_KDF, clock=clock)
    vault, _ = Vault.create(services.paths.vault_file, "benchmark", kdf=TEST_KDF)
    vault.data.accounts.extend(
        Account(issuer=f"Issuer {i:05d}", name=f"user{i}@example.com", secret=i.to_bytes(4, "big") * 5)
        for i in range(n)
    )
    services.vault = vault
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one(AccountList)
        ticks = []
        for _ in range(60):
            clock.now += 1
            start = time.perf_counter()
            app.tick(clock.now)
            draw(listing)
            ticks.append(time.perf_counter() - start)
        direct = []
        for i in range(1, len(QUERY) + 1):
            start = time.perf_counter()
            listing.set_query(QUERY[:i])
            draw(listing)
            direct.append(time.perf_counter() - start)
        listing.set_query("")
        await pilot.press("slash")
        await pilot.pause()
        through_app = []
        for i, char in enumerate(QUERY, 1):
            start = time.perf_counter()
            app.post_message(events.Key("space" if char == " " else char, char))
            while listing.query_text != QUERY[:i].strip():
                await asyncio.sleep(0)
            draw(listing)
            through_app.append(time.perf_counter() - start)
        assert [a.issuer for a in listing.rows] == ["Issuer 00042"], "the search did not filter"
        services.close()
    return ticks, direct, through_app


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            ticks, direct, through_app = asyncio.run(measure(n, tmp))
            print(f"{n:>7,}  tick: {ms(ticks)}")
            print(f"{'':>7}  search keystroke, filter + draw: {ms(direct)}")
            print(f"{'':>7}  search keystroke, key event → Input → filter + draw: {ms(through_app)}")


if __name__ == "__main__":
    main()
