"""Files written by earlier releases open with today's code, every account and field intact.

Each folder under tests/golden/ holds one release's vault, backup generation and secrets
(tests/golden/README.md). A format change adds a folder; it never rewrites or drops one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tuiauth.core import sealed
from tuiauth.core.backup.reader import list_backups, read_backup, read_latest
from tuiauth.core.errors import WrongPasswordError
from tuiauth.core.secrets import b32encode
from tuiauth.core.vault import Vault
from tuiauth.core.vaultdata import VaultData
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.backends.local import LocalBackend

GOLDEN = Path(__file__).parent
FOLDERS = sorted(p for p in GOLDEN.iterdir() if (p / "expected.json").is_file())


def load(folder: Path, name: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((folder / name).read_text(encoding="utf-8"))
    return value


def check_contents(data: VaultData, expected: dict[str, Any]) -> None:
    """Every field of every account, the codes they compute, the tombstones and the settings."""
    methods = PluginManager(entrypoints=False).methods()
    rows = []
    for account in data.accounts:
        row = account.to_dict()
        row["secret"] = b32encode(account.secret)
        row["code"] = methods[account.type].code(account, expected["code_time"])
        rows.append(row)
    assert rows == expected["accounts"]
    assert data.tombstones == expected["tombstones"]
    assert data.settings == expected["settings"]


def test_there_is_a_golden_folder_per_format() -> None:
    assert [p.name for p in FOLDERS] == ["v1"]


@pytest.fixture(params=FOLDERS, ids=[p.name for p in FOLDERS])
def golden(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of one golden folder (opening a vault takes its lock file beside it)."""
    folder = tmp_path / request.param.name
    shutil.copytree(request.param, folder)
    return folder


def test_the_vault_opens_with_its_password(golden: Path) -> None:
    expected, secrets = load(golden, "expected.json"), load(golden, "secrets.json")
    vault = Vault.open(golden / "vault.tuiauth", password=secrets["password"])
    try:
        assert (vault.generation, vault.device_name) == (expected["vault"]["generation"], expected["vault"]["device"])
        check_contents(vault.data, expected)
    finally:
        vault.close()


def test_the_vault_opens_with_its_recovery_key_and_saves_again(golden: Path) -> None:
    expected, secrets = load(golden, "expected.json"), load(golden, "secrets.json")
    vault = Vault.open(golden / "vault.tuiauth", recovery_key=secrets["recovery_key"], write=True)
    try:
        check_contents(vault.data, expected)
        vault.save()
    finally:
        vault.close()
    reopened = Vault.open(golden / "vault.tuiauth", password=secrets["password"])
    reopened.close()
    assert reopened.generation == expected["vault"]["generation"] + 1
    check_contents(reopened.data, expected)


def test_a_wrong_password_is_still_told_apart(golden: Path) -> None:
    with pytest.raises(WrongPasswordError, match="wrong password: it does not open this vault"):
        Vault.open(golden / "vault.tuiauth", password=load(golden, "secrets.json")["password"] + "x")


def test_the_backup_is_listed_with_its_header_facts(golden: Path) -> None:
    expected = load(golden, "expected.json")["backup"]
    [info] = list_backups(LocalBackend(golden / "backup"))
    assert (info.name, info.generation, info.device, info.time, info.valid) == (
        expected["name"], expected["generation"], expected["device"], expected["time"], True,
    )  # fmt: skip
    header = sealed.read_header((golden / "backup" / info.name).read_bytes(), what="backup")
    assert sorted(s.type for s in header.slots) == ["password", "recovery"]


@pytest.mark.parametrize("opener", ["backup_secret", "recovery_key"])
def test_the_backup_opens_with_its_secret_and_with_the_recovery_key(golden: Path, opener: str) -> None:
    expected, secrets = load(golden, "expected.json"), load(golden, "secrets.json")
    backend = LocalBackend(golden / "backup")
    given = {"secret": secrets["backup_secret"]} if opener == "backup_secret" else {"recovery_key": secrets[opener]}
    contents = read_backup(backend, expected["backup"]["name"], **given)
    check_contents(contents.data, expected)
    assert read_latest(backend, **given).data.accounts == contents.data.accounts
