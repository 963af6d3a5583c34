"""Hypothesis properties of the planner and apply_plan, for any local vault and any backup.

Small alphabets make identity clashes, shared secrets and id collisions common. The vault is a
stand-in holding ``data`` whose ``save`` only counts (apply_plan's whole contract with the vault);
test_apply.py runs the same operations on real vault files.

Every assertion holds for every example; ``reaching`` then checks that the examples went down each
branch that makes the property worth checking (a refused plan and an applied one, an account added
…), so a strategy that stops producing them fails the test instead of passing it emptily.
"""

from __future__ import annotations

import contextlib
import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from hypothesis import event, given, settings
from hypothesis import strategies as st

from tuiauth.core.accounts import Account
from tuiauth.core.restore import RestoreRefusedError, apply_plan, plan_restore
from tuiauth.core.vaultdata import VaultData

from .helpers import methods

METHODS = methods()

accounts = st.builds(
    Account,
    id=st.sampled_from(["a", "b", "c", "d", "e", "f"]),
    issuer=st.sampled_from(["GitHub", "github", "Bank", "Corp", ""]),
    name=st.sampled_from(["alice", "ALICE", "bob", ""]),
    secret=st.sampled_from([b"", b"s1-secret-bytes-1234", b"s2-secret-bytes-1234"]),
    type=st.sampled_from(["totp", "hotp", "tap", "steam", "unknown"]),
    algorithm=st.sampled_from(["SHA1", "SHA256"]),
    digits=st.sampled_from([6, 8]),
    period=st.sampled_from([30, 60]),
    counter=st.integers(0, 5),
    groups=st.lists(st.sampled_from(["Work", "Home", "Old"]), max_size=2, unique=True),
    favourite=st.booleans(),
)


def _unique_ids(items: list[Account]) -> list[Account]:
    seen: set[str] = set()
    return [a for a in items if not (a.id in seen or seen.add(a.id))]  # type: ignore[func-returns-value]


vault_datas = st.builds(
    VaultData,
    accounts=st.lists(accounts, max_size=6).map(_unique_ids),
    tombstones=st.dictionaries(st.sampled_from(["a", "x", "y"]), st.floats(0, 10)),
    settings=st.dictionaries(
        st.sampled_from(["groups", "sort"]), st.one_of(st.lists(st.sampled_from(["Work", "Home"])), st.text(max_size=3))
    ),
)
modes = st.sampled_from(["strict", "merge"])


@dataclass
class MemoryVault:
    data: VaultData
    saves: int = field(default=0)

    def save(self) -> None:
        self.saves += 1


def _rows(data: VaultData) -> list[tuple]:
    return [(a.id, a.to_dict()) for a in data.accounts]


@contextlib.contextmanager
def reaching(*branches: str) -> Iterator[Counter[str]]:
    """Count the examples that reach each branch (also shown by ``--hypothesis-show-statistics``);
    fail when one of ``branches`` was never reached."""
    seen: Counter[str] = Counter()
    yield seen
    missing = [branch for branch in branches if not seen[branch]]
    assert not missing, f"no example reached {missing}: {dict(seen)}"


def reached(seen: Counter[str], branch: str) -> None:
    seen[branch] += 1
    event(branch)


def test_applying_never_removes_or_changes_an_existing_account() -> None:
    with reaching("refused", "applied") as seen:

        @settings(max_examples=120, deadline=None)
        @given(local=vault_datas, backup=vault_datas, mode=modes)
        def check(local: VaultData, backup: VaultData, mode: str) -> None:
            vault = MemoryVault(copy.deepcopy(local))
            plan = plan_restore(vault.data, backup, METHODS, mode)  # type: ignore[arg-type]
            with contextlib.suppress(RestoreRefusedError):
                apply_plan(vault, plan)  # type: ignore[arg-type]
            after = vault.data
            assert _rows(after)[: len(local.accounts)] == _rows(local)
            assert after.device == local.device
            assert all(after.tombstones.get(k, -1) >= v for k, v in local.tombstones.items())
            assert len({a.id for a in after.accounts}) == len(after.accounts)  # ids stay unique
            refused = plan.refused is not None
            order = [a.id for a in local.accounts] if refused else list(plan.settings.order)
            assert [a.id for a in after.accounts] == order
            assert vault.saves == 0 or not refused
            reached(seen, "refused" if refused else "applied")

        check()


@settings(max_examples=80, deadline=None)
@given(local=vault_datas, backup=vault_datas)
def test_strict_mode_changes_nothing_when_the_local_vault_is_not_empty(local: VaultData, backup: VaultData) -> None:
    if not local.accounts:
        local.accounts.append(Account(issuer="Here", secret=b"here-secret-bytes-!!"))
    vault = MemoryVault(copy.deepcopy(local))
    plan = plan_restore(vault.data, backup, METHODS, "strict")
    assert plan.refused is not None
    with contextlib.suppress(RestoreRefusedError):
        apply_plan(vault, plan)  # type: ignore[arg-type]
    assert vault.data.to_json() == local.to_json() and vault.saves == 0


def test_every_backup_account_gets_exactly_one_action_in_order() -> None:
    with reaching("add", "identical", "conflict") as seen:

        @settings(max_examples=120, deadline=None)
        @given(local=vault_datas, backup=vault_datas, mode=modes)
        def check(local: VaultData, backup: VaultData, mode: str) -> None:
            plan = plan_restore(local, backup, METHODS, mode)  # type: ignore[arg-type]
            assert len(plan.actions) == len(backup.accounts)
            for action, b in zip(plan.actions, backup.accounts, strict=True):
                assert (action.backup.issuer, action.backup.name, action.backup.type) == (b.issuer, b.name, b.type)
                assert (action.account is not None) == (action.kind in ("add", "needs_verification"))
                assert (action.local is not None) == (action.kind in ("identical", "conflict"))
                reached(seen, action.kind)
            assert sum(plan.counts.values()) == len(backup.accounts)

        check()


def test_hotp_counters_never_go_backwards() -> None:
    with reaching("hotp kept", "hotp added") as seen:

        @settings(max_examples=120, deadline=None)
        @given(local=st.builds(VaultData, accounts=st.lists(accounts, max_size=6).map(_unique_ids)), backup=vault_datas)
        def check(local: VaultData, backup: VaultData) -> None:
            vault = MemoryVault(copy.deepcopy(local))
            plan = plan_restore(vault.data, backup, METHODS, "merge")
            apply_plan(vault, plan)  # type: ignore[arg-type]
            after = {a.id: a.counter for a in vault.data.accounts}
            before = {a.id: a.counter for a in local.accounts}
            assert {i: after.get(i) for i in before} == before
            pairs = [(a.account, s) for a, s in zip(plan.actions, backup.accounts, strict=True) if a.account]
            assert [added.counter for added, _ in pairs] == [source.counter for _, source in pairs]
            if any(a.type == "hotp" and a.counter for a in local.accounts):
                reached(seen, "hotp kept")
            if any(added.type == "hotp" and added.counter for added, _ in pairs):
                reached(seen, "hotp added")

        check()


def test_a_second_merge_of_the_same_backup_adds_nothing() -> None:
    with reaching("added") as seen:

        @settings(max_examples=80, deadline=None)
        @given(local=st.builds(VaultData, accounts=st.lists(accounts, max_size=6).map(_unique_ids)), backup=vault_datas)
        def check(local: VaultData, backup: VaultData) -> None:
            vault = MemoryVault(copy.deepcopy(local))
            first = plan_restore(vault.data, backup, METHODS, "merge")
            apply_plan(vault, first)  # type: ignore[arg-type]
            again = plan_restore(vault.data, backup, METHODS, "merge")
            assert not again.to_add
            if first.to_add:
                reached(seen, "added")

        check()
