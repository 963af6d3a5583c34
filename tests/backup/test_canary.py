"""The storage never sees a secret: a canary secret's bytes — raw, hex, base32 — appear
nowhere in what the server keeps, on disk (every file of its storage) or, for moto, in any object."""

from __future__ import annotations

from pathlib import Path

from tuiauth.core.accounts import Account
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import KdfParams
from tuiauth.core.secrets import b32encode
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager

from .conftest import SECRET, add_accounts
from .servers import Place


def needles(canary: bytes) -> list[bytes]:
    b32 = b32encode(canary).encode()
    return [canary, canary.hex().encode(), canary.hex().upper().encode(), b32, b32.lower()]


def stored_bytes(place: Place, plugins: PluginManager) -> list[tuple[str, bytes]]:
    if place.storage is not None:
        return [(str(p), p.read_bytes()) for p in Path(place.storage).rglob("*") if p.is_file()]
    backend = plugins.backend(place.backend).factory(place.settings)
    try:
        return [(name, backend.read(name)) for name in backend.list()]
    finally:
        backend.close()


def test_no_secret_reaches_the_storage(
    place: Place, vault: Vault, server_plugins: PluginManager, fast_kdf: KdfParams
) -> None:
    canary = b"CANARY-" + place.kind.encode() + b"-7f3a9c2e5d"
    add_accounts(vault, [Account(issuer="Canary", name="canary@example.com", secret=canary)])
    engine = BackupEngine(vault, server_plugins)
    status = engine.enable("remote", place.backend, place.settings, SECRET, kdf=fast_kdf)
    assert status.last_error is None
    add_accounts(vault, [])
    engine.backup_now()
    files = stored_bytes(place, server_plugins)
    assert files, "nothing was stored"
    forbidden = [*needles(canary), SECRET.encode(), vault.data.recovery_key.encode()]
    for where, data in files:
        for needle in forbidden:
            assert needle not in data, f"{needle[:12]!r}… found in {where}"
