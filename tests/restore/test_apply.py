"""apply_plan on a real vault: appends, saves once, refuses refused or stale plans, rolls back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core import account_ops
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import VaultError
from tuiauth.core.restore import PlanOutdatedError, RestoreRefusedError, apply_plan, needs_verification, plan_restore
from tuiauth.core.vault import Vault
from tuiauth.core.vaultdata import VaultData

from .helpers import account, methods

METHODS = methods()
PASSWORD = "pw"


@pytest.fixture
def vault(tmp_path: Path, fast_kdf: KdfParams) -> Vault:
    v, _ = Vault.create(tmp_path / "vault.tuiauth", PASSWORD, kdf=fast_kdf)
    return v


def _backup() -> VaultData:
    return VaultData(
        accounts=[
            account("GitHub", "alice", groups=["Work"], favourite=True),
            account("Bank", "me", secret=b"bank-secret-bytes-!!", type="hotp", counter=17),
            account("Corp", "bob", secret=b"", type="tap"),
        ],
        settings={"groups": ["Work"]},
    )


def test_restore_into_an_empty_vault_survives_reopening_with_order_groups_counter(vault: Vault) -> None:
    backup = _backup()
    generation = vault.generation
    result = apply_plan(vault, plan_restore(vault.data, backup, METHODS))
    assert vault.generation == generation + 1  # saved exactly once
    assert [a.label for a in result.added] == ["GitHub (alice)", "Bank (me)"]
    assert [a.label for a in result.needs_verification] == ["Corp (bob)"]
    vault.close()
    with Vault.open(vault.path, password=PASSWORD) as reopened:
        got = reopened.data
    assert [(a.id, a.label, a.secret, a.counter, a.groups, a.favourite) for a in got.accounts] == [
        (a.id, a.label, a.secret, a.counter, a.groups, a.favourite) for a in backup.accounts
    ]
    assert got.settings == {"groups": ["Work"]}
    corp = got.accounts[2]
    assert needs_verification(got, corp, METHODS)
    assert not needs_verification(got, got.accounts[0], METHODS)


def test_restored_accounts_give_the_same_codes(vault: Vault) -> None:
    backup = _backup()
    apply_plan(vault, plan_restore(vault.data, backup, METHODS))
    totp = METHODS["totp"]
    assert totp.code(vault.data.accounts[0], 59) == totp.code(backup.accounts[0], 59)
    assert account_ops.use_code(vault, METHODS, vault.data.accounts[1].id, 0) == METHODS["hotp"].code(
        backup.accounts[1], 0
    )


def test_a_refused_plan_changes_nothing(vault: Vault) -> None:
    account_ops.add_account(vault, account("Local", "me", secret=b"local-secret-bytes!!"), METHODS)
    before, generation = vault.data.to_json(), vault.generation
    plan = plan_restore(vault.data, _backup(), METHODS)
    with pytest.raises(RestoreRefusedError, match="nothing was restored: the vault already holds 1 account"):
        apply_plan(vault, plan)
    assert vault.data.to_json() == before and vault.generation == generation


def test_merge_only_adds(vault: Vault) -> None:
    local = account_ops.add_account(vault, account("GitHub", "alice", secret=b"local-secret-bytes!!"), METHODS)
    result = apply_plan(vault, plan_restore(vault.data, _backup(), METHODS, "merge"))
    assert result.conflicts == 1 and len(result.added) == 1
    assert vault.data.accounts[0] == local
    assert [a.label for a in vault.data.accounts] == ["GitHub (alice)", "Bank (me)", "Corp (bob)"]


def test_a_plan_made_before_the_vault_changed_is_refused(vault: Vault) -> None:
    plan = plan_restore(vault.data, _backup(), METHODS)
    account_ops.add_account(vault, account("Late", "x", secret=b"late-secret-bytes-!!"), METHODS)
    with pytest.raises(PlanOutdatedError, match="changed since this restore was planned"):
        apply_plan(vault, plan)
    assert [a.label for a in vault.data.accounts] == ["Late (x)"]


def test_a_failed_save_leaves_the_vault_as_it_was(vault: Vault) -> None:
    plan = plan_restore(vault.data, _backup(), METHODS)
    vault.close()  # no writer lock: save raises
    with pytest.raises(VaultError):
        apply_plan(vault, plan)
    assert vault.data.accounts == [] and vault.data.settings == {}


def test_applying_twice_adds_nothing_the_second_time(vault: Vault) -> None:
    apply_plan(vault, plan_restore(vault.data, _backup(), METHODS))
    again = plan_restore(vault.data, _backup(), METHODS, "merge")
    assert {a.kind for a in again.actions} == {"identical"}
    assert not again.changes_anything


def test_terminal_control_characters_in_a_backup_never_reach_the_vault_or_the_plan(vault: Vault) -> None:
    """A backup body is read without the account model's constructor (it is fast that way), so the
    plan's summaries and the restored accounts are cleaned on their own way in."""
    raw = VaultData(accounts=[account("GitHub", "alice")]).to_json()
    backup = VaultData.from_json(raw.replace(b'"GitHub"', b'"Git\\u001b]0;x\\u0007\\u202eHub"'))
    assert "\x1b" in backup.accounts[0].issuer  # as a crafted backup would hold it
    plan = plan_restore(vault.data, backup, METHODS)
    assert [a.backup.issuer for a in plan.of_kind("add")] == ["Git]0;xHub"]
    apply_plan(vault, plan)
    assert [a.issuer for a in vault.data.accounts] == ["Git]0;xHub"]
