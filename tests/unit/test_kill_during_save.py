"""SIGKILL a process while it saves, many times at random moments: the vault always opens afterwards
with the last acknowledged content or the one being saved (never a mix), and temp files are swept.

The saving processes are forked by a fresh single-threaded helper process (forking pytest itself
would be unsafe once other tests have started threads); the checks run here between kills.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tuiauth.core import vaultfile
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault

PASSWORD = "kill me softly"
ACCOUNTS = 1500  # a body of ~300 KB, so a good share of each save is spent writing
KILLS = 40

KILLER = """
import os, random, signal, sys, time
from pathlib import Path
from tuiauth.core.vault import Vault

path, seed, kills = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
password = sys.stdin.readline().rstrip("\\n")
rng = random.Random(seed)


def save_forever(ack_fd):
    # Every save stamps all accounts and the settings with the same number n.
    with Vault.open(path, password=password, write=True) as vault:
        n = int(vault.data.settings["n"])
        while True:
            n += 1
            vault.data.settings["n"] = n
            for account in vault.data.accounts:
                account.note = str(n)
            vault.save()
            os.write(ack_fd, b"%d\\n" % n)


for _ in range(kills):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            save_forever(write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    # Wait for one finished save before the random delay: on a loaded machine opening the vault
    # alone can outlast the delay, and the kills would then never land inside a save.
    acks = b""
    while not acks.endswith(b"\\n") and (chunk := os.read(read_end, 1)):
        acks += chunk
    time.sleep(rng.uniform(0.0, 0.05))
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    while chunk := os.read(read_end, 65536):
        acks += chunk
    os.close(read_end)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    print(int(killed), int(acks.split()[-1]) if acks else -1, flush=True)
    if sys.stdin.readline() != "next\\n":
        break
"""


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

    acknowledged, interrupted_saves = 0, 0
    with subprocess.Popen(  # leaving the block closes its pipes and waits for it
        [sys.executable, "-c", KILLER, str(path), "20261124", str(KILLS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as killer:
        try:
            assert killer.stdin is not None and killer.stdout is not None
            killer.stdin.write(PASSWORD + "\n")
            killer.stdin.flush()
            for _ in range(KILLS):
                killed, last_ack = map(int, killer.stdout.readline().split())
                assert killed == 1
                acknowledged = max(acknowledged, last_ack)
                interrupted_saves += bool(leftovers(path))

                reopened = Vault.open(path, password=PASSWORD)  # sweeps: no writer holds the lock now
                n = int(reopened.data.settings["n"])
                assert n in (acknowledged, acknowledged + 1)  # the old or the new content…
                assert {a.note for a in reopened.data.accounts} == {str(n)}  # …never a mix
                assert len(reopened.data.accounts) == ACCOUNTS
                assert leftovers(path) == []
                acknowledged = n
                killer.stdin.write("next\n")
                killer.stdin.flush()
            assert killer.wait(timeout=10) == 0
        finally:
            if killer.poll() is None:
                killer.kill()

    assert acknowledged > 0
    with Vault.open(path, password=PASSWORD, write=True) as vault:
        vault.save()
    print(f"{KILLS} kills, {interrupted_saves} left a temp file, {acknowledged} saves completed")
