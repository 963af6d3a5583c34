"""Device-bound accounts end to end in the core: a device-bound account is backed up as its identity only, comes
back needing verification (no device values), is planned and reported as such, and is verified again
with its method's flow — getting new device keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import KdfParams
from tuiauth.core.restore import Reverification, needs_verification
from tuiauth.core.restore.location import Location
from tuiauth.core.restore.render import plan_lines, result_lines
from tuiauth.core.restore.service import RestoreService
from tuiauth.core.vault import Vault

from .helpers import PIN, plugin_manager

SECRET = "backup recovery secret"


def test_device_bound_account_round_trip(tmp_path: Path, fast_kdf: KdfParams) -> None:
    plugins = plugin_manager()
    methods = plugins.methods()
    folder = tmp_path / "backups"
    folder.mkdir()
    old, _ = Vault.create(tmp_path / "old" / "v", "pw", kdf=fast_kdf)
    push = Account(issuer="Corp", name="bob", secret=b"", type="tap")
    old.data.accounts.extend([push, Account(issuer="GitHub", name="alice", secret=b"12345678901234567890")])
    old.data.device[push.id] = {"device_key": "old-device-key"}
    old.save()
    assert (
        BackupEngine(old, plugins).enable("home", "local", {"path": str(folder)}, SECRET, kdf=fast_kdf).last_error
        is None
    )
    old.close()

    new, _ = Vault.create(tmp_path / "new" / "v", "pw", kdf=fast_kdf)
    service = RestoreService(plugins, Location(name="home", backend="local", settings={"path": str(folder)}))
    service.unlock(secret=SECRET)
    planned = service.plan(new.data, methods)
    assert [a.kind for a in planned.plan.actions] == ["needs_verification", "add"]
    text = "\n".join(plan_lines(planned.plan))
    assert "? Corp (bob)  [add, needs verification]" in text
    assert "their codes and approvals differ from the old device's" in text
    report = service.apply(new, planned)
    assert "Needs more verification: Corp (bob)" in result_lines(report.result)
    restored = new.data.find_by_id(push.id)
    assert restored is not None and new.data.device == {}
    assert needs_verification(new.data, restored, methods)

    session = Reverification.start(new, push.id, methods)
    session.begin("sign-in")
    session.submit({"password": "hunter2"})
    assert session.submit({"pin": PIN}) == "verified"
    assert new.data.device[push.id] == {"device_key": "fresh-key"}
    assert not needs_verification(new.data, restored, methods)
    new.close()


def test_conflict_lines_show_both_sides_without_secrets() -> None:
    from tuiauth.core.restore import plan_restore
    from tuiauth.core.vaultdata import VaultData

    local = VaultData(
        accounts=[Account(issuer="GitHub", name="alice", secret=b"local-secret-bytes!!", type="hotp", counter=3)]
    )
    backup = VaultData(
        accounts=[
            Account(issuer="GitHub", name="alice", secret=b"other-secret-bytes!!", type="hotp", counter=9, digits=8)
        ]
    )
    lines = plan_lines(plan_restore(local, backup, plugin_manager().methods(), "merge"))
    assert lines[1:5] == [
        "  ! GitHub (alice)  [conflict]",
        "      here:   hotp SHA1 6 digits counter 3",
        "      backup: hotp SHA1 8 digits counter 9",
        "      differs: secret, digits",
    ]


def test_an_account_needing_verification_shows_no_code(tmp_path: Path, fast_kdf: KdfParams) -> None:
    from tuiauth.core import account_ops
    from tuiauth.core.errors import AccountError

    methods = plugin_manager().methods()
    with Vault.create(tmp_path / "v", "pw", kdf=fast_kdf)[0] as vault:
        push = Account(issuer="Corp", name="bob", secret=b"", type="tap")
        vault.data.accounts.append(push)
        with pytest.raises(AccountError, match=r"^Corp \(bob\) needs more verification on this device"):
            account_ops.use_code(vault, methods, push.id, 0)
        vault.data.device[push.id] = {"device_key": "k"}
        assert account_ops.use_code(vault, methods, push.id, 0) == "000000"
