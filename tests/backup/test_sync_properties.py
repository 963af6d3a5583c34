"""Property: devices sharing a location converge, and nothing vanishes.

Any interleaving of add / edit / remove / HOTP use / backup on 2–3 devices sharing one folder ends,
after every device has synced twice, with every device holding the same live accounts (same ids,
fields and counters), and every account that was ever live is live or in some device's trash.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuiauth.core import account_ops, trash
from tuiauth.core.accounts import AccountDraft
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager

from .conftest import SECRET

PLUGINS = PluginManager(entrypoints=False)
METHODS = PLUGINS.methods()

#: (operation, device, a number choosing the account or naming the new one)
Step = tuple[str, int, int]
steps = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "remove", "hotp", "backup"]), st.integers(0, 2), st.integers(0, 99)),
    max_size=24,
)


def sync(engine: BackupEngine) -> None:
    """A backup now; a device not trusted yet is trusted (the person said yes)."""
    (status,) = engine.backup_now()
    if status.held_by:
        (status,) = [engine.trust("home")]
    assert status.last_error is None and status.marker == "ok", status.out_of_date_reason


def fields(vault: Vault) -> dict[str, tuple[object, ...]]:
    return {a.id: (a.issuer, a.note, a.counter, a.secret) for a in vault.data.accounts}


def act(vault: Vault, engine: BackupEngine, step: Step, ever: set[str]) -> None:
    operation, _, n = step
    accounts = vault.data.accounts
    if operation == "add":
        kind = "hotp" if n % 2 else "totp"
        draft = AccountDraft(issuer=f"Site{n}", secret=f"secret number {n} {len(ever)}".encode(), type=kind)
        ever.add(account_ops.add_account(vault, draft, METHODS).id)
    elif operation == "backup":
        sync(engine)
    elif accounts:
        account = accounts[n % len(accounts)]
        if operation == "edit":
            account_ops.update_account(vault, account.id, note=f"note {n}")
        elif operation == "remove":
            account_ops.remove_account(vault, account.id)
        elif account.type == "hotp":
            account_ops.use_code(vault, METHODS, account.id, 0.0)


def run(homes: int, plan: list[Step], root: Path) -> None:
    folder = root / "shared"
    folder.mkdir()
    vaults = [
        Vault.create(root / f"d{i}" / "vault", "password", kdf=TEST_KDF, device_name=f"d{i}")[0] for i in range(homes)
    ]
    try:
        engines = [BackupEngine(v, PLUGINS) for v in vaults]
        for i, engine in enumerate(engines):
            engine.enable("home", "local", {"path": str(folder)}, SECRET, kdf=TEST_KDF, share=i > 0)
        for _ in range(2):
            for engine in engines:
                sync(engine)
        ever: set[str] = set()
        for step in plan:
            device = step[1] % homes
            act(vaults[device], engines[device], step, ever)
        for _ in range(2):
            for engine in engines:
                sync(engine)
        first = fields(vaults[0])
        assert all(fields(v) == first for v in vaults[1:])
        trashed = {e.account.id for v in vaults for e in trash.entries(v.data)}
        assert ever <= set(first) | trashed
    finally:
        for vault in vaults:
            vault.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(homes=st.integers(2, 3), plan=steps)
def test_devices_sharing_a_location_converge_and_nothing_vanishes(homes: int, plan: list[Step]) -> None:
    with tempfile.TemporaryDirectory() as root:
        run(homes, plan, Path(root))
