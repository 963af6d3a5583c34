"""One recovery secret for all locations: a second location takes the secret already in use (checked
against the first's backup key, never stored in the clear); another one only on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core.backup import BackupEngine, BackupSetupError, read_latest
from tuiauth.core.backup.shared_secret import enable_location, secret_line
from tuiauth.core.crypto import KdfParams
from tuiauth.plugins.backends.local import LocalBackend

from .cli_helpers import Cli
from .conftest import SECRET

OTHER = "another long recovery secret"


def folder(tmp_path: Path, name: str) -> dict[str, str]:
    path = tmp_path / name
    path.mkdir()
    return {"path": str(path)}


def test_second_location_takes_the_same_secret(engine: BackupEngine, tmp_path: Path, fast_kdf: KdfParams) -> None:
    home = enable_location(engine, "home", "local", folder(tmp_path, "home"), SECRET, different=False, kdf=fast_kdf)
    assert secret_line(home, [home]) == ""
    with pytest.raises(BackupSetupError, match=r"not the recovery secret your other backups use \(home\)"):
        enable_location(engine, "usb", "local", folder(tmp_path, "usb"), OTHER, different=False, kdf=fast_kdf)
    assert engine.locations == ["home"] and not any((tmp_path / "usb").iterdir())
    usb = enable_location(
        engine, "usb", "local", {"path": str(tmp_path / "usb")}, SECRET, different=False, kdf=fast_kdf
    )
    assert usb.last_error is None
    assert read_latest(LocalBackend(tmp_path / "usb"), secret=SECRET).info.generation == 1
    own = enable_location(engine, "own", "local", folder(tmp_path, "own"), OTHER, different=True, kdf=fast_kdf)
    statuses = engine.status()
    assert [secret_line(s, statuses) for s in statuses] == [
        "Recovery secret: the same as usb",
        "Recovery secret: the same as home",
        "Recovery secret: its own, not the one home, usb use",
    ]
    assert own.last_error is None
    assert read_latest(LocalBackend(tmp_path / "own"), secret=OTHER).info.generation == 1
    body = engine.vault.data.to_json()
    assert SECRET.encode() not in body and OTHER.encode() not in body


def test_a_location_from_before_counts_as_its_own_until_matched(
    engine: BackupEngine, tmp_path: Path, fast_kdf: KdfParams
) -> None:
    old = engine.enable("old", "local", folder(tmp_path, "old"), SECRET, kdf=fast_kdf)  # no group recorded
    other = enable_location(engine, "other", "local", folder(tmp_path, "other"), OTHER, different=True, kdf=fast_kdf)
    assert secret_line(engine.status("old")[0], [old, other]) == "Recovery secret: the one set when it was turned on"
    enable_location(engine, "new", "local", folder(tmp_path, "new"), SECRET, different=False, kdf=fast_kdf)
    statuses = engine.status()
    assert secret_line(statuses[0], statuses) == "Recovery secret: the same as new"


def test_cli_enable_takes_the_same_secret_unless_told(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    assert cli.enable("home", "local", f"path={tmp_path / 'home'}").code == 0
    (tmp_path / "usb").mkdir()
    other = tmp_path / "other-secret"
    other.write_text(OTHER + "\n")
    args = ("backup", "enable", "--location", "usb", "--backend", "local", "--set", f"path={tmp_path / 'usb'}")
    refused = cli(*args, "--secret-file", str(other))
    assert refused.code == 1
    assert "not the recovery secret your other backups use (home)" in refused.err
    assert "usb" not in cli("backup", "status").out
    accepted = cli(*args, "--secret-file", str(other), "--different-secret")
    assert accepted.code == 0, accepted.err
    (tmp_path / "same").mkdir()
    same = cli("backup", "enable", "--location", "same", "--backend", "local", "--set", f"path={tmp_path / 'same'}",
               "--secret-file", str(cli.secret_file))  # fmt: skip
    assert same.code == 0, same.err
