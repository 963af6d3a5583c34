"""Each planner action, strict refusal, the settings layer, and the secret-free JSON form."""

from __future__ import annotations

import json

import pytest

from tuiauth.core.restore import plan_restore
from tuiauth.core.vaultdata import VaultData

from .helpers import account, methods

METHODS = methods()
SECRET = b"12345678901234567890"


def test_strict_mode_on_an_empty_vault_adds_everything_in_the_backups_order() -> None:
    backup = VaultData(
        accounts=[
            account("B", "x"),
            account("A", "y", secret=b"other-secret-bytes!!"),
            account("C", "z", secret=b"third-secret-bytes!!"),
        ]
    )
    plan = plan_restore(VaultData(), backup, METHODS)
    assert plan.refused is None
    assert [a.kind for a in plan.actions] == ["add", "add", "add"]
    assert plan.settings.order == tuple(a.id for a in backup.accounts)
    assert [a.account.id for a in plan.to_add if a.account] == [a.id for a in backup.accounts]


def test_strict_mode_refuses_a_non_empty_vault_with_the_reason_the_way_out_and_what_is_there() -> None:
    local = VaultData(accounts=[account("Local", "me", secret=b"local-secret-bytes!!")])
    plan = plan_restore(local, VaultData(accounts=[account()]), METHODS)
    assert plan.refused is not None
    assert "already holds 1 account" in plan.refused.reason
    assert "--merge" in plan.refused.way_out and "remove them first" in plan.refused.way_out
    assert [a.label for a in plan.local_accounts] == ["Local (me)"]
    assert [a.kind for a in plan.actions] == ["add"]  # what a merge would do, shown with the refusal


def test_identical_account_is_skipped_and_keeps_the_local_counter() -> None:
    local = VaultData(accounts=[account(type="hotp", counter=9)])
    backup = VaultData(accounts=[account(issuer="github", name="ALICE", type="hotp", counter=3)])
    plan = plan_restore(local, backup, METHODS, "merge")
    (action,) = plan.actions
    assert action.kind == "identical" and action.account is None
    assert action.local is not None and action.local.counter == 9


def test_same_credentials_under_another_name_are_identical_and_say_where() -> None:
    local = VaultData(accounts=[account("GitHub", "work")])
    plan = plan_restore(local, VaultData(accounts=[account("GH", "alice")]), METHODS, "merge")
    assert plan.actions[0].kind == "identical"
    assert plan.actions[0].message == "already here as GitHub (work)"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"secret": b"another-secret-bytes"}, ("secret",)),
        ({"algorithm": "SHA256"}, ("algorithm",)),
        ({"digits": 8}, ("digits",)),
        ({"period": 60}, ("period",)),
        ({"type": "hotp"}, ("type",)),
    ],
)
def test_same_identity_with_different_credentials_is_a_conflict_naming_the_fields(
    changes: dict, expected: tuple
) -> None:
    local = VaultData(accounts=[account()])
    plan = plan_restore(local, VaultData(accounts=[account(issuer=" GITHUB ", **changes)]), METHODS, "merge")
    (action,) = plan.actions
    assert action.kind == "conflict" and action.account is None
    assert action.differences == expected
    assert action.local is not None and action.local.id == local.accounts[0].id


def test_hotp_period_is_not_a_difference() -> None:
    local = VaultData(accounts=[account(type="hotp", period=30)])
    plan = plan_restore(
        local, VaultData(accounts=[account(type="hotp", period=60, secret=b"x" * 20)]), METHODS, "merge"
    )
    assert plan.actions[0].differences == ("secret",)


def test_an_added_hotp_account_keeps_the_backups_counter_and_every_field() -> None:
    b = account(type="hotp", counter=42, groups=["Work"], favourite=True, note="n", extra={"k": "v"})
    plan = plan_restore(VaultData(), VaultData(accounts=[b]), METHODS)
    added = plan.actions[0].account
    assert added is not None
    assert (added.counter, added.groups, added.favourite, added.note, added.extra, added.secret) == (
        42,
        ["Work"],
        True,
        "n",
        {"k": "v"},
        b.secret,
    )
    assert added.groups is not b.groups  # a copy: applying cannot alias the backup's lists


def test_device_bound_account_needs_verification_and_the_plan_says_codes_will_differ() -> None:
    plan = plan_restore(VaultData(), VaultData(accounts=[account("Corp", "bob", secret=b"", type="tap")]), METHODS)
    (action,) = plan.actions
    assert action.kind == "needs_verification" and action.account is not None
    assert any("new device keys" in n and "differ from the old device" in n for n in plan.notes)


def test_device_bound_account_already_here_is_identical() -> None:
    local = VaultData(accounts=[account("Corp", "bob", secret=b"", type="tap")])
    plan = plan_restore(local, VaultData(accounts=[account("corp", "Bob", secret=b"", type="tap")]), METHODS, "merge")
    assert plan.actions[0].kind == "identical"


def test_unknown_method_is_added_with_a_warning() -> None:
    plan = plan_restore(VaultData(), VaultData(accounts=[account(type="yubikey")]), METHODS)
    assert plan.actions[0].kind == "add"
    assert "no installed method 'yubikey'" in plan.actions[0].message


def test_an_id_already_used_here_gets_a_new_one() -> None:
    local = VaultData(accounts=[account("Local", "me", secret=b"local-secret-bytes!!")])
    b = account(id=local.accounts[0].id)
    plan = plan_restore(local, VaultData(accounts=[b]), METHODS, "merge")
    added = plan.actions[0].account
    assert added is not None and added.id != b.id
    assert plan.settings.order == (local.accounts[0].id, added.id)


def test_merge_order_puts_added_accounts_after_the_local_ones_in_backup_order() -> None:
    local = VaultData(
        accounts=[
            account("L1", "a", secret=b"l1-secret-bytes-!!!!"),
            account("L2", "b", secret=b"l2-secret-bytes-!!!!"),
        ]
    )
    backup = VaultData(
        accounts=[
            account("Backup-2", "x", secret=b"b2-secret-bytes-!!!!"),
            local.accounts[0],
            account("Backup-1", "y", secret=b"b1-secret-bytes-!!!!"),
        ]
    )
    plan = plan_restore(local, backup, METHODS, "merge")
    assert plan.settings.order == (
        local.accounts[0].id,
        local.accounts[1].id,
        backup.accounts[0].id,
        backup.accounts[2].id,
    )


def test_settings_layer_adds_groups_favourites_and_settings_without_replacing_local_values() -> None:
    local = VaultData(
        accounts=[account("L", "a", secret=b"l-secret-bytes-!!!!!", groups=["Home"])],
        settings={"groups": ["Home"], "sort": "manual"},
    )
    backup = VaultData(
        accounts=[account("B", "x", groups=["Work", "Home"], favourite=True)],
        settings={"groups": ["Work", "Home"], "sort": "name", "colours": {"Work": "red"}},
    )
    layer = plan_restore(local, backup, METHODS, "merge").settings
    assert layer.groups_added == ("Work",)
    assert layer.favourites_added == ("B (x)",)
    assert layer.settings == {"groups": ["Home", "Work"], "sort": "manual", "colours": {"Work": "red"}}
    assert layer.settings_added == ("groups", "colours")


def test_backup_tombstones_travel_but_never_for_a_live_account() -> None:
    local = VaultData(accounts=[account("L", "a", secret=b"l-secret-bytes-!!!!!")], tombstones={"gone": 5.0})
    backup = VaultData(accounts=[], tombstones={local.accounts[0].id: 9.0, "gone": 7.0, "old": 1.0})
    layer = plan_restore(local, backup, METHODS, "merge").settings
    assert layer.tombstones == {"gone": 7.0, "old": 1.0}


def test_json_form_has_every_action_side_by_side_and_no_secret() -> None:
    secret = b"\x8a\x17canary-secret-bytes"
    local = VaultData(accounts=[account(secret=b"local-canary-secret!")])
    backup = VaultData(accounts=[account(secret=secret), account("New", "n", secret=secret + b"2")])
    plan = plan_restore(local, backup, METHODS)
    text = json.dumps(plan.to_json())
    data = json.loads(text)
    assert data["refused"]["reason"].startswith("the vault already holds")
    assert [a["action"] for a in data["accounts"]] == ["conflict", "add"]
    assert data["accounts"][0]["local"]["issuer"] == "GitHub" and data["accounts"][0]["differences"] == ["secret"]
    from tuiauth.core.secrets import b32encode

    for s in (secret, b"local-canary-secret!"):
        assert b32encode(s) not in text and s.hex() not in text
        assert b32encode(s) not in repr(plan) and s.hex() not in repr(plan)


def test_an_id_deleted_here_gets_a_new_one_so_no_tombstone_can_remove_it() -> None:
    b = account()
    local = VaultData(tombstones={b.id: 99.0})
    added = plan_restore(local, VaultData(accounts=[b]), METHODS).actions[0].account
    assert added is not None and added.id != b.id
