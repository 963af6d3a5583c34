"""Fixtures for driving the command line in-process (fast)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tuiauth.cli import main
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault

from .helpers import PASSWORD


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password"
    path.write_text(PASSWORD + "\n")
    return path


@pytest.fixture
def vault_path(isolated_home: Path, fast_kdf: KdfParams) -> Path:
    """An empty vault made with the fast test KDF (so the CLI tests do not spend seconds deriving)."""
    path = isolated_home / "vault.tuiauth"
    vault, _ = Vault.create(path, PASSWORD, kdf=fast_kdf)
    vault.close()
    return path


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], password_file: Path) -> Callable[..., Result]:
    """Run ``tuiauth ARGS`` in-process with the password file, returning exit code and output."""

    def run(*args: str, password: bool = True) -> Result:
        argv = [*args, "--password-file", str(password_file)] if password else list(args)
        code = main(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
