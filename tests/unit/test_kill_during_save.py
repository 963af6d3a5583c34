"""SIGKILL a process while it saves, many times at random moments: the vault always opens afterwards
with the last acknowledged content or the one being saved (never a mix), and temp files are swept."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from tuiauth.core import vaultfile
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault

PASSWORD = "kill me softly"
ACCOUNTS = 1500  # a body of ~300 KB, so a good share of each save is spent writing
KILLS = 40


def save_forever(path: Path, ack_fd: int) -> None:
    """The child: every save stamps all accounts and the settings with the same number ``n``."""
    with Vault.open(path, password=PASSWORD, write=True) as vault:
        n = int(vault.data.settings["n"])
        while True:
            n += 1
            vault.data.settings["n"] = n
            for account in vault.data.accounts:
                account.note = str(n)
            vault.save()
            os.write(ack_fd, f"{n}\n".encode())


def read_acks(fd: int) -> list[int]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return [int(line) for line in b"".join(chunks).split()]


def leftovers(path: Path) -> list[str]:
    prefix = vaultfile.temp_prefix(path)
    return [p.name for p in path.parent.iterdir() if p.name.startswith(prefix)]


def test_sigkill_at_random_moments_never_breaks_the_vault(isolated_home: Path, fast_kdf: KdfParams) -> None:
    path = isolated_home / "vault.tuiauth"
    vault, _ = Vault.create(path, PASSWORD, kdf=fast_kdf)
    with vault:
        vault.data.settings["n"] = 0
        vault.data.accounts = [
            Account(issuer=f"Issuer {i}", name=f"user{i}", secret=os.urandom(20), note="0") for i in range(ACCOUNTS)
        ]
        vault.save()

    rng = random.Random(20261124)
    acknowledged, interrupted_saves = 0, 0
    for _ in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                os.close(read_end)
                save_forever(path, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        time.sleep(rng.uniform(0.005, 0.06))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        acks = read_acks(read_end)
        os.close(read_end)
        if acks:
            acknowledged = acks[-1]
        interrupted_saves += bool(leftovers(path))

        reopened = Vault.open(path, password=PASSWORD)  # sweeps: no writer holds the lock now
        n = int(reopened.data.settings["n"])
        assert n in (acknowledged, acknowledged + 1)  # the old or the new content…
        assert {a.note for a in reopened.data.accounts} == {str(n)}  # …never a mix
        assert len(reopened.data.accounts) == ACCOUNTS
        assert leftovers(path) == []
        acknowledged = n

    assert acknowledged > 0
    with Vault.open(path, password=PASSWORD, write=True) as vault:
        vault.save()
    print(f"{KILLS} kills, {interrupted_saves} left a temp file, {acknowledged} saves completed")
