"""Time to back up 10,000 accounts to a local folder and to wsgidav on loopback, verification included.

One ``BackupEngine.backup_now()`` is everything an automatic backup does: snapshot the body, list the
location, read and authenticate the head, sync it into the vault, seal, create-only commit, read back
and decrypt, check the invariant, rotate, and save the vault with the new state. The KDF is excluded:
backups never derive a key (the backup key is kept in the vault), and the vault here uses the fast
test KDF profile.

The sync round: two devices share the location; the other one makes 100 changes (60 edits, 20 new
accounts, 20 removals) and backs up; the timed round is this device's next ``backup_now()`` — pull
and merge the head into its vault (the removals go to its trash), commit, verify, save.

    python benchmarks/backup_speed.py [accounts]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests")]

from integration.servers.wsgidav import start_wsgidav  # noqa: E402

from tuiauth.core.accounts import Account  # noqa: E402
from tuiauth.core.backup import BackupEngine  # noqa: E402
from tuiauth.core.crypto import TEST_KDF  # noqa: E402
from tuiauth.core.vault import Vault  # noqa: E402
from tuiauth.pluginmanager import PluginManager  # noqa: E402

RUNS = 5
SECRET = "benchmark recovery secret"


def sample_accounts(count: int) -> list[Account]:
    return [
        Account(
            issuer=f"Issuer {i % 500}",
            name=f"user{i}@example.com",
            secret=os.urandom(20),
            groups=["work"] if i % 3 == 0 else [],
            favourite=i % 7 == 0,
        )
        for i in range(count)
    ]


def measure(folder: Path, count: int, backend: str, settings: dict[str, str]) -> tuple[float, float, int]:
    """(first backup s, median later backup s, object size) — each later one follows a change."""
    vault, _ = Vault.create(folder / f"vault-{backend}.tuiauth", "vault password", kdf=TEST_KDF, device_name="bench")
    with vault:
        vault.data.accounts = sample_accounts(count)
        vault.save()
        engine = BackupEngine(vault, PluginManager(entrypoints=False))
        start = time.perf_counter()
        status = engine.enable("bench", backend, settings, SECRET, kdf=TEST_KDF)
        first = time.perf_counter() - start
        assert status.last_error is None, status.last_error
        times = []
        for run in range(RUNS):
            vault.data.accounts[run] = vault.data.accounts[run].touched(note=f"changed {run}")
            vault.save()
            start = time.perf_counter()
            (status,) = engine.backup_now()
            times.append(time.perf_counter() - start)
            assert status.last_error is None and not status.out_of_date, status.last_error
        return first, statistics.median(times), status.size or 0


def other_changes(vault: Vault, run: int) -> None:
    """100 changes on the other device: 60 edits, 20 new accounts, 20 removals."""
    accounts = vault.data.accounts
    for i in range(60):
        j = (run * 97 + i * 13) % len(accounts)
        accounts[j] = accounts[j].touched(note=f"edited elsewhere {run}.{i}")
    accounts.extend(sample_accounts(20))
    for _ in range(20):
        removed = accounts.pop((run * 31) % len(accounts))
        vault.data.tombstones[removed.id] = time.time()
    vault.save()


def measure_sync(folder: Path, count: int, backend: str, settings: dict[str, str]) -> float:
    """Median time of this device's sync round after the other device's 100 changes."""
    plugins = PluginManager(entrypoints=False)
    mine, _ = Vault.create(folder / f"sync-a-{backend}.tuiauth", "vault password", kdf=TEST_KDF, device_name="a")
    other, _ = Vault.create(folder / f"sync-b-{backend}.tuiauth", "vault password", kdf=TEST_KDF, device_name="b")
    with mine, other:
        mine.data.accounts = sample_accounts(count)
        mine.save()
        here, there = BackupEngine(mine, plugins), BackupEngine(other, plugins)
        assert here.enable("bench", backend, settings, SECRET, kdf=TEST_KDF).last_error is None
        assert there.enable("bench", backend, settings, SECRET, kdf=TEST_KDF, share=True).last_error is None
        here.backup_now()
        here.trust("bench")
        times = []
        for run in range(RUNS):
            other_changes(other, run)
            (status,) = there.backup_now()
            assert status.marker == "ok", status
            start = time.perf_counter()
            (status,) = here.backup_now()
            times.append(time.perf_counter() - start)
            assert status.marker == "ok", status
            assert len(mine.data.accounts) == len(other.data.accounts)
        return statistics.median(times)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"backup of {count:,} accounts, verification included, KDF excluded; later = median of {RUNS}")
    print("sync round = pull + merge 100 changes of another device into the vault + commit + verify + save")
    print(f"{'location':>14} | {'object':>9} | {'enable+first':>12} | {'later backup':>12} | {'sync round':>10}")
    with tempfile.TemporaryDirectory(prefix="tuiauth-bench-") as tmp:
        folder, shared = Path(tmp) / "backups", Path(tmp) / "shared"
        folder.mkdir()
        shared.mkdir()
        rows = [
            (
                "local folder",
                *measure(Path(tmp), count, "local", {"path": str(folder)}),
                measure_sync(Path(tmp), count, "local", {"path": str(shared)}),
            )
        ]
        server = start_wsgidav()
        try:
            settings = {"url": server.new_folder(), "username": server.user, "password": server.password}
            first = measure(Path(tmp), count, "webdav", settings)
            settings = {**settings, "url": server.new_folder()}
            rows.append(("wsgidav", *first, measure_sync(Path(tmp), count, "webdav", settings)))
        finally:
            server.stop()
    for name, first, later, size, sync in rows:
        print(
            f"{name:>14} | {size / 1024:>5.0f} KiB | {first * 1000:>9.0f} ms | {later * 1000:>9.0f} ms"
            f" | {sync * 1000:>7.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
