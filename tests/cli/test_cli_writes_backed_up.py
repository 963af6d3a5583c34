"""Every command that changes what a backup carries leads to a verified backup.

The commands are read from the parser itself: a new command fails ``test_every_command_is_classified``
until it is put in one of the tables below, and each writing command is run against a vault backed
up to a local folder, then the newest backup is read back and checked for the change.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tuiauth.cli import build_parser
from tuiauth.core.backup import read_latest
from tuiauth.services import Services

BACKUP_SECRET = "a long recovery secret"
HOTP = "otpauth://hotp/Counter:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"

#: Commands that change the accounts: each is run below and must leave a verified backup holding the change.
CHANGES_ACCOUNTS = {"add", "remove", "code", "import", "recover-copy", "trash restore"}
#: Commands that write the vault but nothing a backup carries (keys, the password, backup settings),
#: or that back up themselves (restore turns backup on again and makes a backup:
#: tests/restore/test_cli_restore.py).
WRITES_NO_ACCOUNTS = {
    "init",
    "passwd",
    "recovery-key rotate",
    "restore",
    "backup enable",
    "backup signin",
    "backup now",
    "backup disable",
    "backup remove",
    "backup trust",
}
READ_ONLY = {
    "list",
    "export",
    "plugins",
    "recovery-key status",
    "backup status",
    "backup check",
    "trash list",
    "doctor",
}
#: The agent's commands and completion read the vault only through the agent (its HOTP codes:
#: tests/agent/test_agent_hotp.py).
AGENT = {"agent start", "agent stop", "agent status", "unlock", "lock", "completion"}
#: Commands that never open the vault (a plugin package written to a folder).
NO_VAULT = {"new-plugin"}


def leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                inner = leaf_commands(sub, f"{prefix}{name} ")
                found |= inner or {f"{prefix}{name}"}
    return found


def test_every_command_is_classified() -> None:
    assert leaf_commands(build_parser()) == CHANGES_ACCOUNTS | WRITES_NO_ACCOUNTS | READ_ONLY | AGENT | NO_VAULT


@pytest.fixture
def backed_up(cli, vault_path: Path, tmp_path: Path) -> Callable[[], list[str]]:
    """A vault with GitHub and an HOTP account, backed up to a local folder; returns a reader of the
    newest backup's accounts (``issuer:counter``)."""
    folder = tmp_path / "backups"
    folder.mkdir()
    secret = tmp_path / "recovery-secret"
    secret.write_text(BACKUP_SECRET + "\n")
    enable = ("backup", "enable", "--location", "home", "--backend", "local", "--set", f"path={folder}")
    assert cli(*enable, "--secret-file", str(secret)).code == 0
    assert cli("add", "--issuer", "GitHub", "--secret", "JBSWY3DPEHPK3PXP").code == 0
    assert cli("add", HOTP).code == 0
    backend = Services.create(entrypoints=False).plugins.backend("local").factory({"path": str(folder)})

    def newest() -> list[str]:
        head = read_latest(backend, secret=BACKUP_SECRET)
        return sorted(f"{a.issuer}:{a.counter}" for a in head.data.accounts)

    assert newest() == ["Counter:0", "GitHub:0"]
    return newest


def _status(cli) -> dict:
    return json.loads(cli("backup", "status", "--json").out)[0]


def _corrupt(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0xFF
    path.write_bytes(bytes(blob))


@pytest.mark.parametrize("command", sorted(CHANGES_ACCOUNTS))
def test_each_change_is_backed_up(command: str, cli, backed_up, vault_path: Path, tmp_path: Path) -> None:
    before = _status(cli)["generation"]
    if command == "add":
        result, expected = cli("add", "--issuer", "Added", "--secret", "JBSWY3DPEHPK3PXQ"), "Added:0"
    elif command == "remove":
        result, expected = cli("remove", "github", "--yes"), None
    elif command == "code":
        result, expected = cli("code", "counter"), "Counter:1"
    elif command == "import":
        export = tmp_path / "uris.txt"
        export.write_text("otpauth://totp/Imported:carol?secret=JBSWY3DPEHPK3PXR\n")
        result, expected = cli("import", str(export), "--format", "otpauth"), "Imported:0"
    elif command == "trash restore":
        assert cli("remove", "github", "--yes").code == 0
        before = _status(cli)["generation"]
        result, expected = cli("trash", "restore", "github"), "GitHub:0"
    else:  # recover-copy: the copy saved by an HOTP code, its backup state still from before
        assert cli("code", "counter").code == 0
        before = _status(cli)["generation"]
        _corrupt(vault_path)
        result, expected = cli("recover-copy", "1"), "Counter:1"
    assert result.code == 0, result.err
    assert "Backed up to home" in result.err and "verified" in result.err
    status = _status(cli)
    assert status["generation"] == before + 1 and not status["out_of_date"] and status["last_error"] is None
    accounts = backed_up()
    if expected is None:
        assert "GitHub:0" not in accounts
    else:
        assert expected in accounts
