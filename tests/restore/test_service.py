"""RestoreService cases the CLI tests do not reach: backups found at another location, damaged
backups, a fork at the head, a location name already used, plugin failures, and the problem map."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.backup import BackupEngine
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import BackendPermissionError, BackendServerError
from tuiauth.core.restore.location import Location
from tuiauth.core.restore.problems import RestoreProblemError, Where, problem_of
from tuiauth.core.restore.service import RestoreService
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager

SECRET = "backup recovery secret"


@pytest.fixture
def plugins() -> PluginManager:
    return PluginManager(entrypoints=False)


def _vault(path: Path, kdf: KdfParams, *accounts: Account) -> Vault:
    vault, _ = Vault.create(path, "pw", kdf=kdf)
    vault.data.accounts.extend(accounts)
    vault.save()
    return vault


def _backed_up(tmp_path: Path, kdf: KdfParams, plugins: PluginManager, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    with _vault(tmp_path / f"{name}-old" / "v", kdf, Account(issuer="A", secret=b"a-secret-bytes-12345")) as old:
        assert (
            BackupEngine(old, plugins).enable(name, "local", {"path": str(folder)}, SECRET, kdf=kdf).last_error is None
        )
    return folder


def test_no_backup_here_names_the_configured_locations_that_have_some(
    tmp_path: Path, fast_kdf: KdfParams, plugins: PluginManager
) -> None:
    full = _backed_up(tmp_path, fast_kdf, plugins, "usb")
    empty = tmp_path / "empty"
    empty.mkdir()
    others = [Location(name="usb", backend="local", settings={"path": str(full)}, configured=True)]
    service = RestoreService(
        plugins, Location(name="sync", backend="local", settings={"path": str(empty)}), others=others
    )
    with pytest.raises(RestoreProblemError) as caught:
        service.backups()
    problem = caught.value.problem
    assert (problem.kind, problem.action) == ("no-backup", "choose-location")
    assert problem.elsewhere == (f"usb (Folder {full})",)
    assert "backups were found at usb" in problem.text and "restore from where they were made" in problem.text


def test_only_damaged_objects_are_their_own_problem(tmp_path: Path, plugins: PluginManager) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "gen-00000000000000000001-0123456789abcdef").write_bytes(b"not a backup at all")
    service = RestoreService(plugins, Location(name="b", backend="local", settings={"path": str(folder)}))
    with pytest.raises(RestoreProblemError) as caught:
        service.backups()
    assert caught.value.problem.kind == "damaged" and "none of the 1 backups at b can be used" in caught.value.message


def test_a_damaged_newest_object_leaves_the_older_one_listed(
    tmp_path: Path, fast_kdf: KdfParams, plugins: PluginManager
) -> None:
    folder = _backed_up(tmp_path, fast_kdf, plugins, "b")
    (folder / "gen-00000000000000000009-0123456789abcdef").write_bytes(b"garbage")
    service = RestoreService(plugins, Location(name="b", backend="local", settings={"path": str(folder)}))
    choices = service.backups()
    assert [(c.info.generation, c.info.valid, c.head) for c in choices] == [(9, False, False), (1, True, True)]
    source = service.unlock(secret=SECRET)
    assert source.generation == 1 and [a.issuer for a in source.data.accounts] == ["A"]
    assert [c.accounts for c in service.backups()] == [None, 1]


def test_adopting_a_location_whose_name_is_taken_adds_a_number(
    tmp_path: Path, fast_kdf: KdfParams, plugins: PluginManager
) -> None:
    folder = _backed_up(tmp_path, fast_kdf, plugins, "b")
    with _vault(tmp_path / "new" / "v", fast_kdf) as new:
        new.data.locations["b"] = {"backend": "local", "settings": {"path": "/elsewhere"}}
        service = RestoreService(plugins, Location(name="b", backend="local", settings={"path": str(folder)}))
        service.unlock(secret=SECRET)
        report = service.apply(new, service.plan(new.data, plugins.methods()), share=True)
        assert report.location == "b 2" and report.backup is not None and report.backup.generation == 2
        assert new.data.locations["b"] == {"backend": "local", "settings": {"path": "/elsewhere"}}


def test_a_backend_plugin_that_crashes_is_one_line(plugins: PluginManager) -> None:
    service = RestoreService(plugins, Location(name="x", backend="nope"))
    with pytest.raises(RestoreProblemError) as caught:
        service.backups()
    assert caught.value.problem.kind == "plugin" and "no backend named 'nope'" in caught.value.message


def test_permission_and_server_errors_map_to_their_own_cases() -> None:
    where = Where(name="dav", description="WebDAV https://h/")
    denied = problem_of(BackendPermissionError("403 Forbidden"), where)
    assert (denied.kind, denied.action) == ("permission", "sign-in") and "another account" in denied.text
    server = problem_of(BackendServerError("the server answered 500"), where)
    assert (server.kind, server.action) == ("server", "retry")


def test_a_head_older_than_one_seen_before_is_a_rollback_warning(
    tmp_path: Path, fast_kdf: KdfParams, plugins: PluginManager
) -> None:
    folder = _backed_up(tmp_path, fast_kdf, plugins, "b")
    location = Location(name="b", backend="local", settings={"path": str(folder)}, configured=True, highest_seen=5)
    (warning,) = RestoreService(plugins, location).unlock(secret=SECRET).warnings
    assert (warning.kind, warning.warning, warning.action) == ("rollback", True, "choose-backup")
    assert (
        warning.message
        == "this backup (generation 1) is older than generation 5, which was made at this location before"
    )
