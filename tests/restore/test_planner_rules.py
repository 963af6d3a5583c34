"""The planner's rules where a slip shows in the review: which added accounts are flagged, the ids
and labels shown, the notes' counts, the groups called new, and a fingerprint that follows content
only (not the order of keys in a settings mapping)."""

from __future__ import annotations

from dataclasses import replace

from tuiauth.core.restore import plan_restore
from tuiauth.core.restore.planner import fingerprint
from tuiauth.core.vaultdata import VaultData

from .helpers import account, methods

METHODS = methods()


def test_only_an_account_without_its_secret_is_flagged_so() -> None:
    backup = VaultData(accounts=[account("With", "secret"), account("Without", "secret", secret=b"")])
    plan = plan_restore(VaultData(), backup, METHODS)
    assert [(a.kind, a.message) for a in plan.actions] == [
        ("add", ""),
        ("add", "it came without its secret (its method was missing where the backup was made)"),
    ]


def test_an_unknown_method_is_named_in_the_message() -> None:
    plan = plan_restore(VaultData(), VaultData(accounts=[account(type="yubikey-oath")]), METHODS)
    assert plan.actions[0].message == "no installed method 'yubikey-oath': it shows no code until one is installed"


def test_two_backup_accounts_with_one_id_are_both_added_under_different_ids() -> None:
    first = account("One", "a", id="same")
    second = account("Two", "b", secret=b"other-secret-bytes!!", id="same")
    plan = plan_restore(VaultData(), VaultData(accounts=[first, second]), METHODS)
    added = [a.account for a in plan.to_add]
    assert [a.issuer for a in added if a] == ["One", "Two"]
    ids = [a.id for a in added if a]
    assert ids[0] == "same" and ids[1] != "same"
    assert [a.backup.id for a in plan.actions] == ids  # the review shows the id each will have
    assert plan.settings.order == tuple(ids)


def test_a_taken_id_is_shown_with_its_new_value_and_the_rest_of_the_summary_unchanged() -> None:
    local = VaultData(accounts=[account("Local", "x", secret=b"local-secret-bytes!!", id="taken")])
    plan = plan_restore(local, VaultData(accounts=[account("Backup", "y", id="taken", counter=4)]), METHODS, "merge")
    (action,) = plan.actions
    assert action.account is not None and action.account.id != "taken"
    assert action.backup.id == action.account.id
    assert (action.backup.label, action.backup.counter) == ("Backup (y)", 4)


def test_the_notes_count_conflicts_and_device_bound_accounts() -> None:
    local = VaultData(accounts=[account("A", "x"), account("B", "y", secret=b"bbbbbbbbbbbbbbbbbbbb")])
    backup = VaultData(
        accounts=[
            account("A", "x", secret=b"cccccccccccccccccccc"),
            account("B", "y", secret=b"dddddddddddddddddddd"),
            account("C", "z", secret=b"eeeeeeeeeeeeeeeeeeee"),
            account("Tap", "one", type="tap", secret=b""),
        ]
    )
    plan = plan_restore(local, backup, METHODS, "merge")
    assert [a.kind for a in plan.actions] == ["conflict", "conflict", "add", "needs_verification"]
    assert plan.notes[0].startswith("1 device-bound account come back without device keys")
    assert plan.notes[1] == "2 conflicts: the local account is kept and the backup's version is not added"
    one = plan_restore(local, VaultData(accounts=backup.accounts[:1]), METHODS, "merge")
    assert one.notes == ("1 conflict: the local account is kept and the backup's version is not added",)
    assert plan_restore(VaultData(), VaultData(accounts=backup.accounts[2:3]), METHODS).notes == ()


def test_several_device_bound_accounts_are_counted_in_the_note() -> None:
    backup = VaultData(accounts=[account("Tap", n, type="tap", secret=b"") for n in ("one", "two")])
    (note,) = plan_restore(VaultData(), backup, METHODS).notes
    assert note.startswith("2 device-bound accounts come back without device keys: they show no code")


def test_a_conflict_names_the_local_account_and_the_differences() -> None:
    local = VaultData(accounts=[account("GitHub", "alice", digits=6)])
    backup = VaultData(accounts=[account("github ", " ALICE", digits=8)])
    (action,) = plan_restore(local, backup, METHODS, "merge").actions
    assert action.kind == "conflict"
    assert action.local is not None and action.local.label == "GitHub (alice)"
    assert action.differences == ("digits",)
    assert action.message == "kept the local account; the backup's version is not added"


def test_groups_already_known_here_are_not_shown_as_added() -> None:
    local = VaultData(accounts=[account("L", "x", groups=["Work"])], settings={"groups": ["Home", 7]})
    backup = VaultData(
        accounts=[
            account("A", "a", secret=b"aaaaaaaaaaaaaaaaaaaa", groups=["Work", "Home", "New"], favourite=True),
            account("B", "b", secret=b"bbbbbbbbbbbbbbbbbbbb", groups=["New", "Other"]),
        ]
    )
    plan = plan_restore(local, backup, METHODS, "merge")
    assert plan.settings.groups_added == ("New", "Other")
    assert plan.settings.favourites_added == ("A (a)",)


def test_the_fingerprint_follows_content_not_key_order() -> None:
    a = VaultData(accounts=[account()], settings={"theme": "dark", "groups": ["x"]}, tombstones={"p": 1.0, "q": 2.0})
    b = VaultData(
        accounts=list(a.accounts), settings={"groups": ["x"], "theme": "dark"}, tombstones={"q": 2.0, "p": 1.0}
    )
    assert fingerprint(a) == fingerprint(b)
    assert len(fingerprint(a)) == 64
    assert fingerprint(a) != fingerprint(VaultData(accounts=list(a.accounts), settings={"theme": "dark"}))
    assert plan_restore(a, VaultData(), METHODS).fingerprint == fingerprint(b)


def test_the_refusal_counts_the_local_accounts() -> None:
    two = VaultData(accounts=[account("A", "x"), account("B", "y", secret=b"bbbbbbbbbbbbbbbbbbbb")])
    refused = plan_restore(two, VaultData(), METHODS).refused
    assert refused is not None
    assert refused.reason == "the vault already holds 2 accounts, and a restore never overwrites or deletes one"
    assert refused.way_out == "remove them first, or merge (tuiauth restore --merge), which only adds what is missing"
    one = plan_restore(VaultData(accounts=two.accounts[:1]), VaultData(), METHODS).refused
    assert one is not None and one.reason.startswith("the vault already holds 1 account, and")
    assert plan_restore(two, VaultData(), METHODS, "merge").refused is None


def test_backup_tombstones_newer_than_local_ones_travel() -> None:
    local = VaultData(tombstones={"old": 5.0, "same": 7.0})
    backup = VaultData(tombstones={"old": 6.0, "same": 7.0, "new": 1.0})
    assert plan_restore(local, backup, METHODS).settings.tombstones == {"old": 6.0, "new": 1.0}


def test_an_identical_account_under_the_same_name_needs_no_note() -> None:
    local = VaultData(accounts=[account("GitHub", "alice")])
    (action,) = plan_restore(local, VaultData(accounts=[account("github", "Alice ")]), METHODS, "merge").actions
    assert (action.kind, action.message) == ("identical", "")


def test_a_device_bound_account_says_it_must_be_verified_again() -> None:
    (action,) = plan_restore(VaultData(), VaultData(accounts=[account("Tap", "one", type="tap")]), METHODS).actions
    assert (action.kind, action.message) == (
        "needs_verification",
        "added without device keys: verify it again on this device",
    )


def test_the_plan_keeps_its_mode() -> None:
    assert plan_restore(VaultData(), VaultData(), METHODS).mode == "strict"
    assert plan_restore(VaultData(), VaultData(), METHODS, "merge").mode == "merge"


def test_an_added_account_is_a_copy_the_backup_data_does_not_share() -> None:
    backup = VaultData(accounts=[account(type="motp", extra={"pin": "1234"}, groups=["Work"])])
    (action,) = plan_restore(VaultData(), backup, METHODS).actions
    assert action.account is not None
    action.account.extra["pin"] = "0000"
    action.account.groups.append("Home")
    assert (backup.accounts[0].extra, backup.accounts[0].groups) == ({"pin": "1234"}, ["Work"])


def test_any_counter_based_method_whose_versions_differ_only_in_period_is_identical() -> None:
    """The period plays no part in a counter-based method's codes, whatever the method's name."""
    counting = {**METHODS, "counting": replace(METHODS["hotp"], name="counting")}
    local = VaultData(accounts=[account(type="counting", period=30)])
    (action,) = plan_restore(
        local, VaultData(accounts=[account(type="counting", period=60)]), counting, "merge"
    ).actions
    assert action.kind == "identical"
