"""Driving ``tuiauth backup`` in-process: a vault made with the fast KDF, password and secret files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tuiauth.cli import main

from .conftest import SECRET, VAULT_PASSWORD


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Cli:
    """``tuiauth ARGS --password-file …`` in-process; the recovery secret sits in ``secret_file``."""

    def __init__(self, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.home = home
        self.capsys = capsys
        self.password_file = home.parent / "password"
        self.password_file.write_text(VAULT_PASSWORD + "\n")
        self.secret_file = home.parent / "secret"
        self.secret_file.write_text(SECRET + "\n")

    def __call__(self, *args: str) -> Result:
        code = main([*args, "--password-file", str(self.password_file)])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def enable(self, location: str, backend: str, *settings: str) -> Result:
        sets = [x for s in settings for x in (("--set-file", s[1:]) if s.startswith("@") else ("--set", s))]
        return self("backup", "enable", "--location", location, "--backend", backend, *sets,
                    "--secret-file", str(self.secret_file))  # fmt: skip
