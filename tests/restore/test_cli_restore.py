"""``tuiauth restore`` end to end over the local backend: old device → backup → new device, and each
troubleshooting case with its own one-line message."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tuiauth.core.backup import read_latest
from tuiauth.plugins.backends.local import LocalBackend

from .conftest import SECRET, Device, Result, fill_old_device

AT = "1700000000"


def _fields(accounts: list[dict]) -> list[tuple]:
    return [(a["id"], a["issuer"], a["name"], a["type"], a["algorithm"], a["digits"], a["period"], a["counter"],
             a["groups"], a["favourite"]) for a in accounts]  # fmt: skip


@pytest.fixture
def backed_up(devices: Callable[[str], Device], tmp_path: Path) -> tuple[Device, Path]:
    """The old device with accounts, one HOTP code used (counter 7 → 8), backed up to a folder; its
    recovery key is in ``old.home.parent / "old-recovery-key"``."""
    old = devices("old")
    (tmp_path / "old-recovery-key").write_text(fill_old_device(old) + "\n")
    assert old("code", "Bank").code == 0
    folder = tmp_path / "backups"
    folder.mkdir()
    enabled = old("backup", "enable", "--location", "home", "--backend", "local", "--set", f"path={folder}",
                  "--secret-file", str(old.secret_file))  # fmt: skip
    assert enabled.code == 0, enabled.err
    return old, folder


def _restore_new(devices: Callable[[str], Device], folder: Path, *args: str) -> tuple[Device, Result]:
    new = devices("new")
    new.init()
    return new, new.restore("home", "--backend", "local", "--set", f"path={folder}", "--share", *args)


def test_old_device_to_new_device(devices: Callable[[str], Device], backed_up: tuple[Device, Path]) -> None:
    old, folder = backed_up
    new, result = _restore_new(devices, folder)
    assert result.code == 0, result.err
    assert "Restored 4 accounts." in result.out
    assert "Backup is on again for home: generation 2 made and verified." in result.out
    status = new("backup", "status", "--json").json()
    assert status[0]["generation"] == 2 and status[0]["marker"] == "ok"
    before, after = old.accounts(), new.accounts()
    assert _fields(after) == _fields(before)  # same accounts, order, groups, favourites, HOTP counter
    assert [a["counter"] for a in after if a["type"] == "hotp"] == [8]
    for query in ("GitHub", "Steam", "Mail"):
        assert new("code", query, "--at", AT).out == old("code", query, "--at", AT).out
    assert new("code", "Bank").out == old("code", "Bank").out  # the next HOTP code, counter 8 on both
    with new.vault(write=False) as vault:
        assert vault.data.settings["groups"] == ["Money", "Work"]
        assert list(vault.data.locations) == ["home"]


def test_dry_run_json_prints_the_plan_and_changes_nothing(
    devices: Callable[[str], Device], backed_up: tuple[Device, Path]
) -> None:
    _, folder = backed_up
    new, result = _restore_new(devices, folder, "--dry-run", "--json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    assert plan["refused"] is None and plan["summary"]["add"] == 4 and plan["backup"]["generation"] == 1
    assert [a["backup"]["issuer"] for a in plan["accounts"]] == ["Bank", "Steam", "Mail", "GitHub"]
    for secret in ("JBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQ", "MFRGGZDFMZTWQ2LK", "KRSXG5CTMVRXEZLU"):
        assert secret not in result.out
    assert new.accounts() == []
    with new.vault(write=False) as vault:
        assert vault.data.locations == {}


def test_list_shows_generations_with_counts(devices: Callable[[str], Device], backed_up: tuple[Device, Path]) -> None:
    old, folder = backed_up
    added = old("add", "--issuer", "Extra", "--secret", "ONSWG4TFORZQ")
    assert added.code == 0 and "Backed up to home (generation 2, verified)" in added.err  # at once
    _new, result = _restore_new(devices, folder, "--list", "--json")
    listed = json.loads(result.out)
    assert [(b["generation"], b["head"], b["accounts"]) for b in listed] == [(2, True, 5), (1, False, 4)]
    assert listed[0]["device"] and listed[0]["time"].endswith("Z")


def test_older_generation_is_restored_with_a_rollback_warning(
    devices: Callable[[str], Device], backed_up: tuple[Device, Path]
) -> None:
    old, folder = backed_up
    assert old("add", "--issuer", "Extra", "--secret", "ONSWG4TFORZQ").code == 0  # backed up: generation 2
    new = devices("new")
    new.init()
    result = new.restore("home", "--backend", "local", "--set", f"path={folder}", "--generation", "1")
    assert result.code == 0
    assert "warning: this backup (generation 1) is older than generation 2" in result.err
    assert len(new.accounts()) == 4
    assert "Nothing was written to home: this machine does not back up there." in result.out
    assert [p.name[:24] for p in sorted(folder.iterdir())] == [f"gen-{g:020d}" for g in (1, 2)]
    shared = new.restore("home", "--backend", "local", "--set", f"path={folder}", "--merge", "--share")
    assert shared.code == 0, shared.err  # sharing syncs: the newer head's account arrives
    assert "Backup is on again for home: generation 3" in shared.out and len(new.accounts()) == 5


def test_non_empty_vault_is_refused_showing_what_is_there_then_merge_adds(
    devices: Callable[[str], Device], backed_up: tuple[Device, Path]
) -> None:
    _, folder = backed_up
    new = devices("new")
    new.init()
    assert new("add", "--issuer", "GitHub", "--account", "alice", "--secret", "ONSWG4TFORZQ").code == 0
    refused = new.restore("home", "--backend", "local", "--set", f"path={folder}")
    assert refused.code == 1
    (line,) = refused.err.strip().splitlines()
    assert line.startswith("tuiauth: nothing was restored: the vault already holds 1 account")
    assert "(GitHub (alice))" in line and "--merge" in line
    assert len(new.accounts()) == 1
    merged = new.restore("home", "--backend", "local", "--set", f"path={folder}", "--merge")
    assert merged.code == 0, merged.err
    assert "Restored 3 accounts, 1 conflicts kept local." in merged.out
    accounts = new.accounts()
    assert [a["issuer"] for a in accounts] == ["GitHub", "Bank", "Steam", "Mail"]


def test_wrong_secret_and_recovery_key(
    devices: Callable[[str], Device], backed_up: tuple[Device, Path], tmp_path: Path
) -> None:
    _old, folder = backed_up
    new = devices("new")
    new.init()
    wrong = tmp_path / "wrong"
    wrong.write_text("not the recovery secret\n")
    base = ("home", "--backend", "local", "--set", f"path={folder}")
    result = new.restore(*base, "--secret-file", str(wrong), secret=False)
    assert result.code == 1
    assert result.err.startswith("tuiauth: the recovery secret (or recovery key) does not open this backup; give")
    assert "the old vault's recovery key (the one you wrote down when that vault was created)" in result.err
    assert new.accounts() == []
    wrong.write_text("AAAA-BBBB\n")
    result = new.restore(*base, "--recovery-key-file", str(wrong), secret=False)
    assert result.code == 1 and "does not open this backup" in result.err
    by_key = new.restore(*base, "--share", "--recovery-key-file", str(tmp_path / "old-recovery-key"), secret=False)
    assert by_key.code == 0, by_key.err
    assert "Backup is on again for home" in by_key.out and len(new.accounts()) == 4
    assert new("backup", "now").code == 0  # the adopted key set writes without the secret


def test_no_backup_missing_folder_and_no_vault(devices: Callable[[str], Device], tmp_path: Path) -> None:
    new = devices("new")
    missing = new.restore("home", "--backend", "local", "--set", f"path={tmp_path}")
    assert missing.code == 1 and "create one with 'tuiauth init'" in missing.err
    new.init()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = new.restore("home", "--backend", "local", "--set", f"path={empty}")
    assert result.code == 1
    assert result.err.startswith(f"tuiauth: no backup was found at home (Folder {empty}); backups restore from where")
    assert "add the accounts again by hand" in result.err
    gone = new.restore("home", "--backend", "local", "--set", f"path={tmp_path / 'nope'}", "--json")
    assert gone.code == 1 and "tuiauth: nothing was found at home" in gone.err
    assert json.loads(gone.out)["error"]["kind"] == "not-found"


def test_deleted_backups_of_a_configured_location(
    devices: Callable[[str], Device], backed_up: tuple[Device, Path]
) -> None:
    _, folder = backed_up
    new, result = _restore_new(devices, folder)
    assert result.code == 0
    assert new("remove", "GitHub", "--yes").code == 0  # backed up at once: generation 3
    shutil.rmtree(folder)
    folder.mkdir()
    again = new.restore("home", "--merge", "--json")
    assert again.code == 1
    problem = json.loads(again.out)["error"]
    assert problem["kind"] == "deleted" and problem["action"] == "add-account"
    assert "were deleted: generation 3 was seen there before" in again.err


def test_usage_errors(devices: Callable[[str], Device]) -> None:
    new = devices("new")
    new.init()
    result = new.restore("home")
    assert result.code == 2 and "describe it with --backend NAME" in result.err
    result = new.restore("home", "--backend", "local", "--set", "oops")
    assert result.code == 2 and "KEY=VALUE" in result.err
    result = new.restore("home", "--backend", "local", "--set", "colour=red")
    assert result.code == 1 and "has no field 'colour'" in result.err


def test_new_sign_in_values_for_a_configured_location_are_kept(
    devices: Callable[[str], Device], backed_up: tuple[Device, Path], tmp_path: Path
) -> None:
    _, folder = backed_up
    new, result = _restore_new(devices, folder)
    assert result.code == 0
    moved = tmp_path / "moved"
    folder.rename(moved)
    assert new("remove", "Mail", "--yes").code == 0
    lost = new.restore("home", "--merge")
    assert lost.code == 1 and "nothing was found at home (Folder" in lost.err
    again = new.restore("home", "--merge", "--set", f"path={moved}")
    assert again.code == 0, again.err
    assert "Restored 1 accounts" in again.out and "Backup is on again for home: generation 3" in again.out
    assert [a["issuer"] for a in new.accounts()] == ["Bank", "Steam", "GitHub", "Mail"]
    assert any(a.issuer == "Mail" for a in read_latest(LocalBackend(moved), secret=SECRET).data.accounts)
    status = new("backup", "status", "--json").json()
    assert status[0]["description"] == f"Folder {moved}" and status[0]["marker"] == "ok"
