"""The backup invariant: what counts as "the backup does not hold what this device holds"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.backup import backup_data
from tuiauth.core.backup.invariant import compare_live
from tuiauth.core.specs import MethodSpec
from tuiauth.core.vaultdata import VaultData
from tuiauth.pluginmanager import PluginManager

SECRET = b"12345678901234567890"


def _methods() -> dict[str, MethodSpec]:
    bound = MethodSpec(name="tap", label="Tap", code=lambda a, at: "000000", device_bound=True)
    return {**PluginManager(entrypoints=False).methods(), "tap": bound}


METHODS = _methods()


def account(issuer: str = "Bank", **kw: object) -> Account:
    values: dict[str, object] = {"name": "alice", "secret": SECRET, "created_at": 1.0, "updated_at": 10.0}
    values.update(kw)
    return Account(issuer=issuer, **values)  # type: ignore[arg-type]


def as_backup(local: VaultData) -> VaultData:
    """What a faithful backup of ``local`` holds."""
    return backup_data(local, METHODS)


def kinds(backup: VaultData, local: VaultData) -> list[str]:
    return [d.kind for d in compare_live(backup, local, METHODS)]


def test_a_faithful_backup_has_no_difference() -> None:
    local = VaultData(
        accounts=[account(), account("Mail", type="hotp", counter=4), account("Corp", type="tap", secret=b"bound")],
        tombstones={"gone": 5.0},
        settings={"groups": ["work"]},
    )
    assert compare_live(as_backup(local), local, METHODS) == []


def test_device_bound_values_are_not_compared() -> None:
    corp = account("Corp", type="tap", secret=b"device-secret", extra={"key": "v"})
    local = VaultData(accounts=[corp], device={corp.id: {"device_key": "k"}})
    # A backup never carries them: identity only, no device layer.
    backup = VaultData(accounts=[replace(corp, secret=b"", extra={})])
    assert compare_live(backup, local, METHODS) == []
    # But the identity of a device-bound account still counts.
    renamed = VaultData(accounts=[replace(corp, secret=b"", extra={}, issuer="Other")])
    assert kinds(renamed, local) == ["details"]


def test_missing_account_is_named_by_label_and_id_never_secret() -> None:
    bank, mail = account(), account("Mail", secret=b"mail-secret-0123")
    local = VaultData(accounts=[bank, mail])
    (diff,) = compare_live(VaultData(accounts=[mail]), local, METHODS)
    assert diff.kind == "missing" and diff.account_id == bank.id and not diff.backup_newer
    assert diff.reason == f"Bank (alice) [id {bank.id}]: the backup does not hold it"
    assert SECRET.decode() not in diff.reason


def test_missing_because_the_backup_deleted_it_later() -> None:
    bank = account()
    (diff,) = compare_live(VaultData(tombstones={bank.id: 20.0}), VaultData(accounts=[bank]), METHODS)
    assert diff.kind == "missing" and diff.backup_newer
    assert "deleted it later" in diff.reason


def test_a_tombstone_older_than_the_account_leaves_it_live() -> None:
    bank = account()
    local = VaultData(accounts=[bank])
    backup = VaultData(accounts=[bank], tombstones={bank.id: 5.0})
    assert compare_live(backup, local, METHODS) == []
    assert kinds(VaultData(accounts=[bank], tombstones={bank.id: 10.0}), local) == ["missing"]


def test_extra_account_in_the_backup() -> None:
    bank, shop = account(), account("Shop")
    local = VaultData(accounts=[bank])
    (diff,) = compare_live(VaultData(accounts=[bank, shop]), local, METHODS)
    assert (diff.kind, diff.account_id, diff.backup_newer) == ("extra", shop.id, True)
    deleted_here = VaultData(accounts=[bank], tombstones={shop.id: 30.0})
    (diff,) = compare_live(VaultData(accounts=[bank, shop]), deleted_here, METHODS)
    assert diff.kind == "extra" and not diff.backup_newer and "this device deleted it" in diff.reason


def test_same_id_with_another_secret() -> None:
    bank = account()
    (diff,) = compare_live(
        VaultData(accounts=[replace(bank, secret=b"other-secret-12345")]), VaultData(accounts=[bank]), METHODS
    )
    assert (diff.kind, diff.fields) == ("secret", ("secret",))
    assert "other-secret" not in diff.reason and SECRET.decode() not in diff.reason


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"digits": 8}, "digits"),
        ({"period": 60}, "period"),
        ({"algorithm": "SHA256"}, "algorithm"),
        ({"type": "hotp"}, "type"),
    ],
)
def test_different_parameters(change: dict[str, object], field: str) -> None:
    bank = account()
    (diff,) = compare_live(VaultData(accounts=[replace(bank, **change)]), VaultData(accounts=[bank]), METHODS)  # type: ignore[arg-type]
    assert (diff.kind, diff.fields) == ("parameters", (field,))
    assert diff.reason == f"Bank (alice) [id {bank.id}]: different {field} in the backup"


def test_hotp_counter_behind_is_a_difference_ahead_is_not() -> None:
    mail = account("Mail", type="hotp", counter=7)
    local = VaultData(accounts=[mail])
    (diff,) = compare_live(VaultData(accounts=[replace(mail, counter=6)]), local, METHODS)
    assert diff.kind == "counter" and "6 < 7" in diff.reason
    assert compare_live(VaultData(accounts=[replace(mail, counter=9)]), local, METHODS) == []


def test_counter_and_period_mean_nothing_where_the_method_does_not_use_them() -> None:
    totp, hotp = account(counter=3), account("Mail", type="hotp", period=30)
    local = VaultData(accounts=[totp, hotp])
    backup = VaultData(accounts=[replace(totp, counter=0), replace(hotp, period=60)])
    assert compare_live(backup, local, METHODS) == []


def test_details_and_settings_are_compared_but_not_timestamps() -> None:
    bank = account(groups=["money"])
    local = VaultData(accounts=[bank], settings={"groups": ["money"]})
    same_later = VaultData(accounts=[replace(bank, updated_at=99.0, created_at=50.0)], settings={"groups": ["money"]})
    assert compare_live(same_later, local, METHODS) == []
    backup = VaultData(accounts=[replace(bank, favourite=True, groups=[], updated_at=20.0)], settings={})
    diffs = compare_live(backup, local, METHODS)
    assert [(d.kind, d.fields, d.backup_newer) for d in diffs] == [
        ("details", ("groups", "favourite"), True),
        ("settings", ("groups",), False),
    ]
    assert diffs[1].reason == "the account settings differ (groups)"


def test_order_is_not_a_difference() -> None:
    a, b = account("A"), account("B")
    assert compare_live(VaultData(accounts=[b, a]), VaultData(accounts=[a, b]), METHODS) == []
