"""Changes from the command line are backed up: add, remove and import are backed up at once."""

from __future__ import annotations

import json
from pathlib import Path


def enable(cli, folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "recovery-secret"
    secret.write_text("a long recovery secret\n")
    args = ("backup", "enable", "--location", "home", "--backend", "local", "--set", f"path={folder}")
    result = cli(*args, "--secret-file", str(secret))
    assert result.code == 0, result.err


def status(cli) -> dict:
    return json.loads(cli("backup", "status", "--json").out)[0]


def test_changes_are_backed_up_and_failures_are_warnings(cli, vault_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    enable(cli, folder, tmp_path)
    first = status(cli)["generation"]

    added = cli("add", "--issuer", "GitHub", "--secret", "JBSWY3DPEHPK3PXP")
    assert added.code == 0 and f"Backed up to home (generation {first + 1}, verified)" in added.err
    after_add = status(cli)
    assert (after_add["generation"], after_add["out_of_date"]) == (first + 1, False)

    folder.rename(tmp_path / "moved")
    removed = cli("remove", "github", "--yes")
    assert removed.code == 0, "the change itself succeeded"
    assert "warning: not backed up to home" in removed.err and "does not exist" in removed.err
    failed = status(cli)
    assert failed["out_of_date"] and failed["last_error"] is not None and failed["generation"] == first + 1
    assert json.loads(cli("list", "--json").out) == []

    (tmp_path / "moved").rename(folder)
    assert cli("backup", "now").code == 0
    assert status(cli)["generation"] == first + 2


def test_nothing_is_said_without_backup(cli, vault_path: Path) -> None:
    added = cli("add", "--issuer", "GitHub", "--secret", "JBSWY3DPEHPK3PXP")
    assert added.code == 0 and added.err == ""
