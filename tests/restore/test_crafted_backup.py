"""A crafted backup — ids reused with other secrets, dates in the future, a deletion marker for an
account this vault holds and one from the future — changes no local account; the plan lists each
as suspicious before anything applies, and what it adds carries no date from the future."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tuiauth.core.crypto import KdfParams
from tuiauth.core.restore import apply_plan, plan_restore
from tuiauth.core.restore.render import plan_lines
from tuiauth.core.vault import Vault
from tuiauth.core.vaultdata import VaultData

from .helpers import account, methods

METHODS = methods()
NOW = 2_000_000_000.0


def test_a_crafted_backup_changes_no_local_account_and_is_listed_as_suspicious(
    tmp_path: Path, fast_kdf: KdfParams
) -> None:
    vault, _ = Vault.create(tmp_path / "v", "vault password 1", kdf=fast_kdf)
    try:
        bank, mail = account("Bank", "me", id="bank"), account("Mail", "me", id="mail")
        vault.data.accounts.extend([bank, mail])
        vault.save()
        before = [replace(a) for a in vault.data.accounts]
        crafted = VaultData(
            accounts=[
                replace(bank, issuer="Bank2", secret=b"attacker-secret-bytes", updated_at=NOW + 3600),
                account("Planted", "x", id="planted", updated_at=NOW + 86400),
            ],
            tombstones={"mail": NOW, "other": NOW + 86400},
        )
        plan = plan_restore(vault.data, crafted, METHODS, "merge", now=NOW)
        assert plan.suspicious == (
            "Bank2 (me): uses the id of Bank (me) here with another secret (never taken over)",
            "Bank2 (me): dated in the future (added dated now)",
            "Planted (x): dated in the future (added dated now)",
            "a deletion marker for Mail (me), which this vault holds: not applied",
            "a deletion marker dated in the future (account id other): not applied",
        )
        assert "Suspicious: a deletion marker for Mail (me), which this vault holds: not applied" in plan_lines(plan)
        assert plan.to_json()["suspicious"] == list(plan.suspicious)
        apply_plan(vault, plan)
        assert vault.data.accounts[:2] == before  # untouched
        added = vault.data.accounts[2:]
        assert {a.id for a in added}.isdisjoint({"bank", "mail"}) and all(a.updated_at <= NOW for a in added)
        assert vault.data.tombstones == {}
    finally:
        vault.close()
