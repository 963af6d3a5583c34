"""Two homes on one machine — the "old device" and the "new device" — driven through the CLI
in-process. Key derivation uses the explicit test profile (vaults and backup key sets alike)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tuiauth.cli import main
from tuiauth.core import crypto
from tuiauth.core.vault import Vault

REPO = Path(__file__).resolve().parents[2]
VAULT_PASSWORD = "vault password 1"
SECRET = "backup recovery secret"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Device:
    """One home folder with its own vault; ``device(args…)`` runs ``tuiauth --home HOME args…``."""

    def __init__(self, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.home = home
        self.capsys = capsys
        home.mkdir(parents=True, exist_ok=True)
        self.password_file = home.parent / f"{home.name}-password"
        self.password_file.write_text(VAULT_PASSWORD + "\n")
        self.secret_file = home.parent / "secret"
        self.secret_file.write_text(SECRET + "\n")

    def __call__(self, *args: str, password: bool = True) -> Result:
        argv = ["--home", str(self.home), *args] + (["--password-file", str(self.password_file)] if password else [])
        code = main(argv)
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def init(self) -> str:
        """Create the vault; returns its recovery key (shown once)."""
        result = self("init", "--json")
        assert result.code == 0, result.err
        return str(result.json()["recovery_key"])

    def vault(self, write: bool = True) -> Vault:
        return Vault.open(self.home / "vault.tuiauth", password=VAULT_PASSWORD, write=write)

    def restore(self, location: str, *args: str, secret: bool = True) -> Result:
        extra = ["--secret-file", str(self.secret_file)] if secret else []
        return self("restore", "--from", location, *args, *extra)

    def accounts(self) -> list[dict[str, Any]]:
        result = self("list", "--json")
        assert result.code == 0, result.err
        return list(result.json())


@pytest.fixture
def devices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], Device]:
    monkeypatch.setattr(crypto, "calibrate_kdf", lambda target_seconds=1.0: crypto.TEST_KDF)
    return lambda name: Device(tmp_path / name, capsys)


def fill_old_device(old: Device) -> str:
    """Accounts of every kind with groups, favourites and a hand-made order (GitHub moved last);
    returns the old vault's recovery key."""
    recovery_key = old.init()
    for args in (
        ("--issuer", "GitHub", "--account", "alice", "--secret", "JBSWY3DPEHPK3PXP"),
        ("--issuer", "Bank", "--account", "me", "--secret", "GEZDGNBVGY3TQOJQ", "--type", "hotp", "--counter", "7"),
        ("--issuer", "Steam", "--account", "gamer", "--secret", "MFRGGZDFMZTWQ2LK", "--type", "steam"),
        ("--issuer", "Mail", "--account", "a@example.com", "--secret", "KRSXG5CTMVRXEZLU", "--algorithm", "SHA256",
         "--digits", "8", "--period", "60"),
    ):  # fmt: skip
        assert old("add", *args).code == 0
    with old.vault() as vault:
        accounts = vault.data.accounts
        accounts.append(accounts.pop(0))
        accounts[0].groups = ["Money"]
        accounts[2].groups = ["Work", "Money"]
        accounts[2].favourite = True
        vault.data.settings["groups"] = ["Money", "Work"]
        vault.save()
    return recovery_key
