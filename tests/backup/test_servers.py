"""The engine against real servers: wsgidav, Apache mod_dav, nginx dav (WebDAV); moto, SeaweedFS (S3)."""

from __future__ import annotations

from pathlib import Path

from tuiauth.core.backup import BackupEngine, list_backups, read_latest
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager

from .conftest import SECRET, add_accounts, make_accounts
from .servers import Place


def test_backups_on_each_server(
    place: Place, vault: Vault, server_plugins: PluginManager, fast_kdf: KdfParams, tmp_path: Path
) -> None:
    engine = BackupEngine(vault, server_plugins)
    status = engine.enable("remote", place.backend, place.settings, SECRET, kdf=fast_kdf, keep=2)
    assert status.last_error is None and status.generation == 1, status
    for i in range(3):
        add_accounts(vault, make_accounts(5, f"Batch{i}"))
        (status,) = engine.backup_now()
        assert status.last_error is None and status.generation == i + 2 and not status.out_of_date
    backend = server_plugins.backend(place.backend).factory(place.settings)
    try:
        infos = list_backups(backend)
        assert [i.generation for i in infos] == [4, 3]  # rotation kept two generations
        assert all(i.valid for i in infos) and infos[0].size == status.size
        latest = read_latest(backend, secret=SECRET)
        assert latest.info.name == status.object_name
        assert [a.id for a in latest.data.accounts] == [a.id for a in vault.data.accounts]
        assert [a.secret for a in latest.data.accounts] == [a.secret for a in vault.data.accounts]
        assert not [n for n in backend.list() if not n.startswith("gen-")]  # no probe or temp left
    finally:
        backend.close()
