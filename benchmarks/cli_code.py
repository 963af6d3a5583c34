"""Whole-process time of `tuiauth code QUERY` for 100 / 1,000 / 10,000 accounts, minus the KDF.

The vault is made with the fast test KDF, so the key derivation costs well under a millisecond; its
measured cost is still subtracted. Also prints a bare `python -c pass` for scale.
Target: at most 120 ms beyond the KDF on the 2-core CI machine.

    python benchmarks/cli_code.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tuiauth.core import crypto
from tuiauth.core.accounts import Account
from tuiauth.core.vault import Vault

RUNS = 9
PASSWORD = "benchmark"


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def median_ms(argv: list[str], env: dict[str, str]) -> float:
    timed(argv, env)  # warm the page cache
    return statistics.median(timed(argv, env) for _ in range(RUNS)) * 1000


def kdf_ms() -> float:
    start = time.perf_counter()
    crypto.argon2id(b"x", b"\0" * 16, crypto.TEST_KDF)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("TUIAUTH_")}
    python_ms = median_ms([sys.executable, "-c", "pass"], base_env)
    print(f"python -c pass: {python_ms:.0f} ms")
    print(f"{'accounts':>9} {'tuiauth code':>13} {'minus KDF':>10}")
    for n in (100, 1_000, 10_000):
        with tempfile.TemporaryDirectory() as home:
            path = Path(home) / "vault.tuiauth"
            vault, _ = Vault.create(path, PASSWORD, kdf=crypto.TEST_KDF)
            vault.data.accounts = [
                Account(issuer=f"Issuer {i}", name=f"user{i}@example.com", secret=os.urandom(20)) for i in range(n)
            ]
            vault.save()
            vault.close()
            password_file = Path(home) / "pw"
            password_file.write_text(PASSWORD + "\n")
            env = {**base_env, "TUIAUTH_HOME": home}
            argv = ["tuiauth", "code", f"issuer {n // 2}", "--password-file", str(password_file)]
            total = median_ms(argv, env)
            print(f"{n:>9} {total:>10.0f} ms {total - kdf_ms():>7.0f} ms")


if __name__ == "__main__":
    main()
