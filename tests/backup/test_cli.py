"""``tuiauth backup`` over the local backend: enable, status, now, disable, remove, errors."""

from __future__ import annotations

from pathlib import Path

from tuiauth.core.backup import read_latest
from tuiauth.core.vault import Vault
from tuiauth.plugins.backends.local import LocalBackend

from .cli_helpers import Cli
from .conftest import SECRET, VAULT_PASSWORD


def test_enable_status_now(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    result = cli.enable("home", "local", f"path={folder}")
    assert result.code == 0, result.err
    assert "home: Folder" in result.out and "generation 1" in result.out
    status = cli("backup", "status", "--json")
    assert status.code == 0
    (entry,) = status.json()
    assert entry["name"] == "home" and entry["generation"] == 1 and entry["marker"] == "ok"
    assert entry["last_error"] is None and entry["size"] > 0 and entry["last_verified"].endswith("Z")
    unchanged = cli("backup", "now")
    assert unchanged.code == 0
    assert unchanged.out.startswith(
        "home: nothing changed since the last verified backup (generation 1): nothing written"
    )
    assert [p.name for p in folder.iterdir()] == [read_latest(LocalBackend(folder), secret=SECRET).info.name]
    forced = cli("backup", "now", "--force")
    assert forced.code == 0 and "generation 2" in forced.out
    assert read_latest(LocalBackend(folder), secret=SECRET).info.generation == 2


def test_status_exits_one_when_out_of_date_then_now_backs_up(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli.enable("home", "local", f"path={folder}").code == 0
    with Vault.open(cli.home / "vault.tuiauth", password=VAULT_PASSWORD, write=True) as vault:
        vault.data.accounts.reverse()  # a change saved without a backup (as the app before its automatic one)
        vault.save()
    status = cli("backup", "status")
    assert status.code == 1 and "out of date" in status.out
    assert status.err == "tuiauth: backup to 'home' is out of date (tuiauth backup now)\n"
    now = cli("backup", "now")
    assert now.code == 0 and "generation 2" in now.out and "nothing changed" not in now.out
    assert cli("backup", "status").code == 0


def test_now_fails_with_the_cause_and_status_exits_one(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli.enable("home", "local", f"path={folder}").code == 0
    folder.rename(tmp_path / "elsewhere")
    result = cli("backup", "now", "--force")
    assert result.code == 1
    (line,) = result.err.strip().splitlines()
    assert line.startswith("tuiauth: backup to 'home' failed: the folder") and "does not exist" in line
    status = cli("backup", "status")
    assert status.code == 1 and "last error (not-found)" in status.out and "generation 1" in status.out
    assert status.err.strip() == line
    again = cli("backup", "now")  # a failed location is tried again even though nothing changed
    assert again.code == 1 and "nothing changed" not in again.out


def test_disable_enable_remove(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli.enable("home", "local", f"path={folder}").code == 0
    assert "(turned off)" in cli("backup", "disable", "--location", "home").out
    assert cli("backup", "now").code == 2  # nothing turned on
    again = cli("backup", "enable", "--location", "home")
    assert again.code == 0 and "(turned off)" not in again.out
    assert cli("backup", "remove", "--location", "home").code == 0
    assert "Backup is off" in cli("backup", "status").out
    assert any(folder.iterdir())


def test_usage_errors_are_one_line(cli: Cli, tmp_path: Path) -> None:
    bad = cli("backup", "enable", "--location", "x", "--backend", "local", "--set", "nonsense")
    assert bad.code == 2 and "KEY=VALUE" in bad.err
    same = tmp_path / "same"
    same.write_text(VAULT_PASSWORD + "\n")
    refused = cli("backup", "enable", "--location", "x", "--backend", "local", "--set", f"path={tmp_path}",
                  "--secret-file", str(same))  # fmt: skip
    assert refused.code == 1 and "must not be the vault password" in refused.err
    assert "Traceback" not in refused.err
    unknown = cli("backup", "now", "--location", "nowhere")
    assert unknown.code == 1 and "no backup location named 'nowhere'" in unknown.err


def test_no_secret_is_printed(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    outputs = [cli.enable("home", "local", f"path={folder}"), cli("backup", "status", "--json"), cli("backup", "now")]
    for result in outputs:
        assert SECRET not in result.out + result.err and VAULT_PASSWORD not in result.out + result.err
