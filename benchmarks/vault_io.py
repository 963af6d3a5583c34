"""Vault save and load time for 100 / 1,000 / 10,000 accounts, excluding the KDF.

The vault uses the fast test KDF profile (Argon2id with 8 KiB, well under a millisecond), so what is
measured is everything else: serialising, sealing, the changed-on-disk check, the previous copies,
the atomic write with its fsyncs (save); reading, checksum, header, body decryption and
deserialisation (load). Each figure is the median of several runs. Run: ``python benchmarks/vault_io.py``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tuiauth.core import crypto
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault

SIZES = (100, 1_000, 10_000)
RUNS = 9
PASSWORD = "benchmark"


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def sample_accounts(count: int) -> list[Account]:
    return [
        Account(
            issuer=f"Issuer {i % 500}",
            name=f"user{i}@example.com",
            secret=os.urandom(20),
            groups=["work"] if i % 3 == 0 else [],
            note="a short note" if i % 10 == 0 else "",
        )
        for i in range(count)
    ]


def measure(folder: Path, count: int) -> tuple[float, float, int]:
    path = folder / f"vault-{count}.tuiauth"
    vault, _ = Vault.create(path, PASSWORD, kdf=TEST_KDF, device_name="bench")
    with vault:
        vault.data.accounts = sample_accounts(count)
        vault.save()
        save = median_ms(vault.save)
    load = median_ms(lambda: Vault.open(path, password=PASSWORD))
    return save, load, path.stat().st_size


def main() -> int:
    kdf_ms = median_ms(lambda: crypto.argon2id(b"x", b"\0" * 16, TEST_KDF))
    print(f"vault I/O, median of {RUNS} runs (test KDF: {kdf_ms:.2f} ms per derivation, not subtracted)")
    print(f"{'accounts':>9} | {'file size':>10} | {'save ms':>8} | {'load ms':>8}")
    print(f"{'-' * 9}-+-{'-' * 10}-+-{'-' * 8}-+-{'-' * 8}")
    with tempfile.TemporaryDirectory(prefix="tuiauth-bench-") as tmp:
        for count in SIZES:
            save, load, size = measure(Path(tmp), count)
            print(f"{count:>9,} | {size / 1024:>7.0f} KiB | {save:>8.1f} | {load:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
