"""The sync's rules (``sync_into``): another device's changes reach the local vault, deletions and
lost edits go to the trash, and nothing planted (future dates, an id with another secret) is taken."""

from __future__ import annotations

from dataclasses import replace

from tuiauth.core import trash
from tuiauth.core.accounts import Account
from tuiauth.core.backup.sync import SKEW, Remote, sync_into
from tuiauth.core.vaultdata import VaultData
from tuiauth.pluginmanager import PluginManager

NOW = 1_000_000.0
METHODS = PluginManager(entrypoints=False).methods()


def account(issuer: str, updated: float, **kw: object) -> Account:
    values: dict[str, object] = {"secret": b"s" * 10, "created_at": 1.0, **kw}
    return Account(id=issuer.lower(), issuer=issuer, updated_at=updated, **values)  # type: ignore[arg-type]


def sync(local: VaultData, *remote: VaultData, upto: float = 0.0, device: str = "phone") -> VaultData:
    result = sync_into(local, [Remote(r, device) for r in remote], METHODS, now=NOW, synced_upto=upto, device_name="me")
    return result.data


def test_a_newer_version_and_a_new_account_from_another_device_arrive() -> None:
    mine = account("Bank", 10)
    local = VaultData(accounts=[mine])
    remote = VaultData(accounts=[replace(mine, note="renamed", updated_at=20), account("Shop", 15)])
    synced = sync(local, remote, upto=10)
    assert [(a.issuer, a.note) for a in synced.accounts] == [("Bank", "renamed"), ("Shop", "")]
    assert synced.trash == [] and local.accounts == [mine]  # nothing lost, the input unchanged


def test_a_deletion_from_another_device_moves_the_account_to_the_trash() -> None:
    bank = account("Bank", 10)
    synced = sync(VaultData(accounts=[bank, account("Mail", 10)]), VaultData(tombstones={"bank": 12.0}))
    assert [a.issuer for a in synced.accounts] == ["Mail"]
    (entry,) = trash.entries(synced, NOW)
    assert (entry.account, entry.why, entry.device) == (bank, "deleted", "phone")
    assert synced.tombstones == {"bank": 12.0}


def test_an_edit_made_after_the_deletion_survives_it() -> None:
    bank = account("Bank", 20)
    synced = sync(VaultData(accounts=[bank]), VaultData(tombstones={"bank": 12.0}))
    assert synced.accounts == [bank] and synced.trash == []


def test_two_edits_are_a_conflict_the_newer_wins_and_the_local_one_is_kept_in_the_trash() -> None:
    base = account("Bank", 10)
    mine = replace(base, note="mine", updated_at=30)
    theirs = replace(base, note="theirs", updated_at=40)
    synced = sync(VaultData(accounts=[mine]), VaultData(accounts=[theirs]), upto=10)
    assert synced.accounts == [theirs]
    (entry,) = trash.entries(synced, NOW)
    assert (entry.why, entry.account.note) == ("conflict", "mine")


def test_an_older_remote_edit_loses_and_the_local_vault_keeps_its_version() -> None:
    mine = account("Bank", 40, note="mine")
    synced = sync(VaultData(accounts=[mine]), VaultData(accounts=[replace(mine, note="theirs", updated_at=30)]))
    assert synced.accounts == [mine] and synced.trash == []


def test_a_tie_is_broken_the_same_way_on_both_devices() -> None:
    one = account("Bank", 10, note="one")
    two = replace(one, note="two")
    assert (
        sync(VaultData(accounts=[one]), VaultData(accounts=[two])).accounts
        == sync(VaultData(accounts=[two]), VaultData(accounts=[one])).accounts
    )


def test_the_hotp_counter_takes_the_highest_whichever_version_wins() -> None:
    mine = account("Counter", 50, type="hotp", counter=7)
    theirs = replace(mine, counter=3, note="newer", updated_at=60)
    (merged,) = sync(VaultData(accounts=[mine]), VaultData(accounts=[theirs]), upto=50).accounts
    assert (merged.note, merged.counter) == ("newer", 7)
    (kept,) = sync(VaultData(accounts=[theirs]), VaultData(accounts=[replace(mine, counter=9)])).accounts
    assert (kept.note, kept.counter) == ("newer", 9)


def test_planted_changes_are_refused_and_reported() -> None:
    bank = account("Bank", 10)
    crafted = VaultData(
        accounts=[
            replace(bank, secret=b"attacker!!", updated_at=20),  # the same id, another secret
            account("Future", NOW + SKEW + 1),
        ],
        tombstones={"bank": NOW + SKEW + 60},
    )
    local = VaultData(accounts=[bank])
    result = sync_into(local, [Remote(crafted, "x")], METHODS, now=NOW, synced_upto=0.0, device_name="me")
    assert result.data.accounts == [bank] and result.data.trash == [] and result.data.tombstones == {}
    assert sorted(s.reason for s in result.suspicious) == [
        "a deletion marker dated in the future",
        "a version dated in the future",
        "the same id with another secret or method (an id is never taken over)",
    ]
    assert not result.changed


def test_an_account_deleted_here_after_the_remote_version_stays_deleted() -> None:
    bank = account("Bank", 10)
    synced = sync(VaultData(tombstones={"bank": 15.0}), VaultData(accounts=[bank]))
    assert synced.accounts == []
