"""An HOTP code through the agent advances the counter, saves the vault and backs it up, as the
command does with the password."""

from __future__ import annotations

import re
from pathlib import Path

import pyotp

from tuiauth.core.backup import read_latest
from tuiauth.core.vault import Vault
from tuiauth.services import Services

from ..cli.helpers import PASSWORD
from .conftest import HOTP_URI

BACKUP_SECRET = "a long recovery secret"
HOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
BACKED_UP = re.compile(r"Backed up to home \(generation (\d+), verified\)\.\n")


def test_hotp_through_the_agent_saves_and_backs_up(
    run, agent_process, vault_file: Path, password_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    secret = tmp_path / "recovery-secret"
    secret.write_text(BACKUP_SECRET + "\n")
    password = ("--password-file", str(password_file))
    enable = ("backup", "enable", "--location", "home", "--backend", "local", "--set", f"path={folder}")
    assert run(*enable, "--secret-file", str(secret), *password).code == 0
    assert run("add", HOTP_URI, *password).code == 0
    hotp = pyotp.HOTP(HOTP_SECRET)

    with_password = run("code", "Counter", *password)
    assert with_password.out == f"{hotp.at(0)}\n"
    assert run("unlock", *password).code == 0
    first, second = run("code", "Counter"), run("code", "Counter")

    assert (first.code, first.out, second.out) == (0, f"{hotp.at(1)}\n", f"{hotp.at(2)}\n")
    generations = [int(BACKED_UP.fullmatch(r.err).group(1)) for r in (with_password, first, second)]  # type: ignore[union-attr]
    assert generations[1:] == [generations[0] + 1, generations[0] + 2]
    with Vault.open(vault_file, password=PASSWORD) as vault:
        assert [a.counter for a in vault.data.accounts if a.issuer == "Counter"] == [3]
    backend = Services.create(entrypoints=False).plugins.backend("local").factory({"path": str(folder)})
    newest = read_latest(backend, secret=BACKUP_SECRET)
    assert [a.counter for a in newest.data.accounts if a.issuer == "Counter"] == [3]
    assert run("code", "Counter", *password).out == f"{hotp.at(3)}\n"  # the password way sees the agent's saves
