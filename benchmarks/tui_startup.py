"""Whole-process time from start to the first frame showing codes, for 100 / 1,000 / 10,000 accounts,
against the time of ``python -c "from textual.app import App"`` (target: at most 1.3× at every size).

The vault is opened with the fast test KDF (the production KDF is a fixed 0.5–1 s that the unlock
screen shows progress for). The app runs headless under ``run_test`` at 80×24; the clock stops when
the child prints FIRST-FRAME. Runs of the app and of the baseline are interleaved so that load on the
machine hits both alike; medians of RUNS runs. For scale it also times the floor under ``run_test``:
an empty Textual app (one Static) to its first frame.

    python benchmarks/tui_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tuiauth.core.accounts import Account
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault

RUNS = int(os.environ.get("RUNS", "9"))
SIZES = (100, 1_000, 10_000)
PASSWORD = "benchmark"
CHILD = Path(__file__).with_name("_tui_first_frame.py")


def make_home(root: Path, n: int) -> tuple[dict[str, str], str]:
    """A home with a vault of ``n`` accounts; returns the child's environment and text the first
    frame must show (the first row, drawn with its code)."""
    home = root / f"home-{n}"
    vault, _ = Vault.create(home / "vault.tuiauth", PASSWORD, kdf=TEST_KDF)
    for i in range(n):
        secret = i.to_bytes(4, "big") * 5
        vault.data.accounts.append(Account(issuer=f"Issuer {i:05d}", name=f"user{i}@example.com", secret=secret))
    vault.save()
    vault.close()
    return {**os.environ, "TUIAUTH_HOME": str(home), "TUIAUTH_NO_ENTRYPOINTS": "1"}, "Issuer 00000"


def time_to_marker(env: dict[str, str], expected: str) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(CHILD), PASSWORD, expected], stdout=subprocess.PIPE, env=env, text=True
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("FIRST-FRAME"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(f"the app exited without drawing a frame (code {child.wait()})")
    child.wait()
    return elapsed


EMPTY_APP = """
import asyncio, os
from textual.app import App
from textual.widgets import Static

class Empty(App):
    def compose(self):
        yield Static("hello")

async def main():
    async with Empty().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("FIRST-FRAME", flush=True)
        os._exit(0)

asyncio.run(main())
"""


def time_baseline() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from textual.app import App"], check=True)
    return time.perf_counter() - start


def time_empty_app() -> float:
    """The floor under ``run_test``: a Textual app with one Static, to its first frame."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", EMPTY_APP], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print(f"medians of {RUNS} runs; ratio = first frame / textual import (target ≤ 1.3)")
        print(f"{'accounts':>9} {'first frame':>12} {'textual import':>15} {'ratio':>6} {'empty app':>10} {'ratio':>6}")
        for n in SIZES:
            env, expected = make_home(Path(tmp), n)
            time_to_marker(env, expected)  # warm the page cache
            time_baseline()
            time_empty_app()
            app_runs, base_runs, empty_runs = [], [], []
            for _ in range(RUNS):
                app_runs.append(time_to_marker(env, expected))
                base_runs.append(time_baseline())
                empty_runs.append(time_empty_app())
            app_ms, base_ms = statistics.median(app_runs) * 1000, statistics.median(base_runs) * 1000
            empty_ms = statistics.median(empty_runs) * 1000
            print(
                f"{n:>9,} {app_ms:>9.0f} ms {base_ms:>12.0f} ms {app_ms / base_ms:>6.2f}"
                f" {empty_ms:>7.0f} ms {empty_ms / base_ms:>6.2f}"
            )


if __name__ == "__main__":
    main()
