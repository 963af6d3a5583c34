"""The recovery key from the command line: a new password with it, its status, a new key; and a
damaged vault opened from a previous copy."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tuiauth.core.backup import read_latest
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.errors import WrongPasswordError
from tuiauth.core.vault import Vault
from tuiauth.services import Services

from .helpers import PASSWORD


@pytest.fixture
def recovery_key(isolated_home: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A vault (fast KDF) and a file holding its recovery key."""
    path = isolated_home / "vault.tuiauth"
    vault, key = Vault.create(path, PASSWORD, kdf=TEST_KDF)
    vault.close()
    key_file = tmp_path / "recovery-key"
    key_file.write_text(key + "\n")
    return path, key_file


def test_passwd_with_the_recovery_key_sets_a_new_password(cli, recovery_key, tmp_path: Path) -> None:
    path, key_file = recovery_key
    new = tmp_path / "new"
    new.write_text("a brand new password\n")
    result = cli("passwd", "--recovery-key-file", str(key_file), "--new-password-file", str(new), password=False)
    assert result.code == 0, result.err
    Vault.open(path, password="a brand new password").close()
    with pytest.raises(WrongPasswordError):
        Vault.open(path, password=PASSWORD)


def test_passwd_reads_the_recovery_key_from_standard_input(
    cli, recovery_key, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, key_file = recovery_key
    monkeypatch.setattr("sys.stdin", io.StringIO(key_file.read_text()))
    new = tmp_path / "new"
    new.write_text("another new password\n")
    result = cli("passwd", "--recovery-key-file", "-", "--new-password-file", str(new), password=False)
    assert result.code == 0, result.err
    Vault.open(path, password="another new password").close()


def test_rotating_the_recovery_key_retires_the_old_one_for_the_vault_and_future_backups(
    cli, recovery_key, tmp_path: Path
) -> None:
    path, key_file = recovery_key
    old_key = key_file.read_text().strip()
    folder = tmp_path / "backups"
    folder.mkdir()
    secret = tmp_path / "secret"
    secret.write_text("a long recovery secret\n")
    enable = ("backup", "enable", "--location", "home", "--backend", "local", "--set", f"path={folder}")
    assert cli(*enable, "--secret-file", str(secret)).code == 0
    backend = Services.create(entrypoints=False).plugins.backend("local").factory({"path": str(folder)})
    read_latest(backend, recovery_key=old_key)  # the first backup opens with the vault's key

    status = json.loads(cli("recovery-key", "status", "--json").out)
    assert status == {"exists": True, "locations": {"home": True}}
    rotated = cli("recovery-key", "rotate", "--yes", "--json")
    assert rotated.code == 0, rotated.err
    new_key = json.loads(rotated.out)["recovery_key"]
    assert new_key != old_key

    with pytest.raises(WrongPasswordError):
        Vault.open(path, recovery_key=old_key)
    Vault.open(path, recovery_key=new_key).close()
    assert cli("add", "--issuer", "After", "--secret", "JBSWY3DPEHPK3PXP").code == 0
    head = read_latest(backend, recovery_key=new_key)
    assert [a.issuer for a in head.data.accounts] == ["After"]
    with pytest.raises(WrongPasswordError):
        read_latest(backend, recovery_key=old_key)
    assert json.loads(cli("recovery-key", "status", "--json").out) == {"exists": True, "locations": {"home": True}}
    assert "A recovery key opens this vault" in cli("recovery-key", "status").out


def test_a_damaged_vault_names_its_copies_and_one_opens_in_its_place(cli, vault_path: Path) -> None:
    assert cli("add", "--issuer", "GitHub", "--secret", "JBSWY3DPEHPK3PXP").code == 0
    assert cli("add", "--issuer", "GitLab", "--secret", "JBSWY3DPEHPK3PXQ").code == 0
    intact = cli("recover-copy", "1")
    assert intact.code == 2 and "is not damaged" in intact.err and "--replace-intact" in intact.err
    blob = bytearray(vault_path.read_bytes())
    blob[-5] ^= 0xFF
    vault_path.write_bytes(bytes(blob))
    damaged = bytes(blob)

    refused = cli("list")
    assert refused.code == 1
    assert "damaged" in refused.err and "previous copies: 1 (saved " in refused.err
    assert "open one with 'tuiauth recover-copy N'" in refused.err
    listed = cli("recover-copy", password=False)
    assert "  1  saved " in listed.out and "  2  saved " in listed.out

    opened = cli("recover-copy", "1", "--json")
    assert opened.code == 0, opened.err
    report = json.loads(opened.out)
    assert report["accounts"] == 1
    assert Path(report["kept_aside"]).read_bytes() == damaged
    assert [a["issuer"] for a in json.loads(cli("list", "--json").out)] == ["GitHub"]
