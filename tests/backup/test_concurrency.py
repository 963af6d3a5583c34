"""Eight devices committing at the same moment to each real server: one object per generation, the
losers of each create-only race merge the winner's head and commit the next generation, and the
final head holds every account (the union)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from tuiauth.core.backup import BackupEngine, LocationStatus, generation_of, read_backup, read_latest
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager

from .conftest import SECRET, VAULT_PASSWORD, make_accounts
from .servers import Place, plugins_with_s3

WRITERS = 8


def test_eight_writers_at_once(
    place: Place, vault: Vault, server_plugins: PluginManager, fast_kdf: KdfParams, tmp_path: Path
) -> None:
    BackupEngine(vault, server_plugins).enable("remote", place.backend, place.settings, SECRET, kdf=fast_kdf)
    devices: list[tuple[Vault, BackupEngine]] = []
    for i in range(WRITERS):
        path = tmp_path / f"device{i}" / "vault.tuiauth"
        path.parent.mkdir()
        shutil.copy(vault.path, path)
        copy = Vault.open(path, password=VAULT_PASSWORD, write=True)
        copy.data.accounts.extend(make_accounts(1, f"Writer{i}-"))
        copy.save()
        plugins = plugins_with_s3()
        plugins.methods(), plugins.backends()  # load the plugins before the race starts
        devices.append((copy, BackupEngine(copy, plugins)))
    barrier = threading.Barrier(WRITERS)
    results: dict[int, list[LocationStatus] | BaseException] = {}

    transient: list[str] = []

    def write(i: int) -> None:
        """One backup, retried as ``AutoBackup`` would on a transient server error (wsgidav can answer
        a listing with a 500 while another writer's temporary file disappears under it)."""
        barrier.wait()
        try:
            for _ in range(5):
                results[i] = statuses = devices[i][1].backup_now()
                error = statuses[0].last_error
                if error is None or not error.retryable:
                    break
                transient.append(error.message)
        except BaseException as exc:  # reported by the assertion below
            results[i] = exc

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    try:
        for i in range(WRITERS):
            outcome = results[i]
            assert isinstance(outcome, list), outcome
            assert outcome[0].last_error is None, (outcome[0].last_error, transient)
        backend = server_plugins.backend(place.backend).factory(place.settings)
        try:
            names = backend.list()
            generations = sorted(generation_of(n) or 0 for n in names)
            assert generations == list(range(1, WRITERS + 2))  # exactly one object per generation
            assert sorted(s[0].generation or 0 for s in results.values() if isinstance(s, list)) == generations[1:]
            head = read_latest(backend, secret=SECRET)
            assert head.info.generation == WRITERS + 1 and head.merged_from == (head.info.name,)
            issuers = {a.issuer for a in head.data.accounts}
            assert issuers == {"Site0", "Site1", "Site2"} | {f"Writer{i}-0" for i in range(WRITERS)}
            for name in names:
                read_backup(backend, name, secret=SECRET)  # every generation authenticates
        finally:
            backend.close()
    finally:
        for copy, _ in devices:
            copy.close()
