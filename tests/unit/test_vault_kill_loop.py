"""A process saving in a loop is killed (SIGKILL) at random points, again and again: after every kill
the vault opens and the three versions before it are still kept (``vault.tuiauth.1`` … ``.3``, and
the spare ``.4`` while a save was cut short), intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tuiauth.core import sealed, vaultfile
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault
from tuiauth.core.vaultcopies import previous_copies

PASSWORD = "kill me"
KILLS = 30

SAVER = """
import sys
from pathlib import Path
from tuiauth.core.vault import Vault
from tuiauth.core.vaultcopies import previous_copies

vault = Vault.open(Path(sys.argv[1]), password=sys.stdin.readline().rstrip("\\n"), write=True)
print("saving", flush=True)
while True:
    vault.data.settings["n"] = vault.data.settings.get("n", 0) + 1
    vault.save()
"""


def test_every_earlier_version_survives_a_kill_at_any_point(isolated_home: Path, fast_kdf: KdfParams) -> None:
    path = isolated_home / "vault.tuiauth"
    vault = Vault.create(path, PASSWORD, kdf=fast_kdf)[0]
    for _ in range(vaultfile.KEEP_COPIES):
        vault.save()
    rng = random.Random(19)
    for _ in range(KILLS):
        with subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        ) as saver:
            assert saver.stdin is not None and saver.stdout is not None
            saver.stdin.write(PASSWORD + "\n")
            saver.stdin.flush()
            assert saver.stdout.readline() == "saving\n"
            time.sleep(rng.uniform(0, 0.05))  # a random kill point, not a wait for anything
            saver.send_signal(signal.SIGKILL)
            saver.wait()
        generation = Vault.open(path, password=PASSWORD).generation
        kept = set()
        for n in range(1, vaultfile.KEEP_COPIES + 1):
            copy = vaultfile.copy_path(path, n)
            assert copy.is_file(), f"{copy.name} missing after a kill"
            kept.add(sealed.read_header(copy.read_bytes()).generation)
        spare = vaultfile.copy_path(path, vaultfile.KEEP_COPIES + 1)  # listed too, while there
        if spare.is_file():
            assert [c.number for c in previous_copies(path)] == [1, 2, 3, 4]
            kept.add(sealed.read_header(spare.read_bytes()).generation)
        assert kept >= {generation - n for n in range(1, vaultfile.KEEP_COPIES + 1)}


def generations(path: Path) -> list[int | None]:
    """The generation in the vault file and in ``.1`` … ``.4`` (None where there is none)."""
    files = [path, *(vaultfile.copy_path(path, n) for n in range(1, vaultfile.KEEP_COPIES + 2))]
    return [sealed.read_header(f.read_bytes()).generation if f.is_file() else None for f in files]


def test_a_rotation_cut_short_after_any_step_is_finished_not_started_again(
    isolated_home: Path, fast_kdf: KdfParams
) -> None:
    """Killed after the step into ``.4``, ``.3`` or ``.2`` (each step leaves two copies the same
    file): the next save finishes that rotation, so no version is pushed out."""
    path = isolated_home / "vault.tuiauth"
    vault = Vault.create(path, PASSWORD, kdf=fast_kdf)[0]
    for _ in range(vaultfile.KEEP_COPIES + 1):
        vault.save()
    current, *_ = generations(path)
    assert current is not None
    for steps in (1, 2, 3):
        for n in range(vaultfile.KEEP_COPIES + 1, vaultfile.KEEP_COPIES + 1 - steps, -1):
            os.link(vaultfile.copy_path(path, n - 1), vaultfile.copy_path(path, n).with_suffix(".step"))
            os.replace(vaultfile.copy_path(path, n).with_suffix(".step"), vaultfile.copy_path(path, n))
        vault.save()  # the next save, after the kill
        assert generations(path) == [current + 1, current, current - 1, current - 2, None]
        current += 1
