"""A third-party plugin, installed from its own package, that raises (SystemExit(0) included), returns
the wrong type or hangs: `tuiauth import`, `export`, `backup enable/now` and `code` say which plugin
failed and how, never end silently, never print the exception's text, and change nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faulty import CANARY, MAGIC, PACKAGE, RAISED
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault

from .helpers import PASSWORD

#: Seconds a plugin call may take in these tests (config.toml's plugin_timeout_seconds).
TIMEOUT = 1
FAULTS = [*sorted(RAISED), "garbage", "hang"]
TOLD = {**{fault: f"raised {name}" for fault, name in RAISED.items()}, "hang": f"did not answer within {TIMEOUT} s"}
SECRET_URI = b"otpauth://totp/Plain:bob?secret=JBSWY3DPEHPK3PXP&issuer=Plain\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The faulty plugin's package installed (really, with pip) into a private folder."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(PACKAGE)],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


@pytest.fixture
def home(isolated_home: Path, fast_kdf: KdfParams, tmp_path: Path) -> Path:
    """A vault (empty), the password file beside it, and a short plugin timeout."""
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(f"plugin_timeout_seconds = {TIMEOUT}\n")
    vault, _ = Vault.create(isolated_home / "vault.tuiauth", PASSWORD, kdf=fast_kdf)
    vault.close()
    (tmp_path / "password").write_text(PASSWORD + "\n")
    (tmp_path / "secret").write_text("a long recovery secret for the faulty tests\n")
    return isolated_home


def tuiauth(
    site: Path, tmp_path: Path, *args: str, fault: str = "", where: str = "", password: bool = True
) -> subprocess.CompletedProcess[str]:
    """``tuiauth ARGS --password-file …`` as its own process, the faulty plugin misbehaving as told."""
    environ = {k: v for k, v in os.environ.items() if k != "TUIAUTH_NO_ENTRYPOINTS"}
    environ.update(PYTHONPATH=str(site), TUIAUTH_FAULTY_FAULT=fault, TUIAUTH_FAULTY_WHERE=where)
    extra = ["--password-file", str(tmp_path / "password")] if password else []
    return subprocess.run(
        [sys.executable, "-m", "tuiauth", *args, *extra], capture_output=True, text=True, env=environ, timeout=60
    )


def accounts(home: Path) -> list[str]:
    with Vault.open(home / "vault.tuiauth", password=PASSWORD) as vault:
        return [a.label for a in vault.data.accounts]


def assert_told(result: subprocess.CompletedProcess[str], what: str, fault: str, garbage: str) -> None:
    """A non-zero exit naming the plugin and what went wrong, without the exception's text."""
    output = result.stdout + result.stderr
    reason = f"returned {garbage}" if fault == "garbage" else TOLD[fault]
    assert f"the plugin 'faulty' failed: its {what} {reason}" in output, output
    assert CANARY not in output and "internal error" not in output and "Traceback" not in output


@pytest.mark.parametrize("fault", FAULTS)
def test_import_names_an_importer_whose_sniff_fails(site: Path, home: Path, tmp_path: Path, fault: str) -> None:
    export = tmp_path / "codes.faulty"
    export.write_bytes(MAGIC)
    alone = tuiauth(site, tmp_path, "import", str(export), fault=fault, where="sniff")
    assert alone.returncode == 1 and "does not recognise this file's format" in alone.stderr
    assert_told(alone, "importer 'faulty' sniff()", fault, "str, not int or float")
    # Another importer still reads its own file; the failing one is reported, not skipped silently.
    plain = tmp_path / "codes.txt"
    plain.write_bytes(SECRET_URI)
    other = tuiauth(site, tmp_path, "import", str(plain), fault=fault, where="sniff")
    assert other.returncode == 0, other.stderr
    assert_told(other, "importer 'faulty' sniff()", fault, "str, not int or float")
    assert accounts(home) == ["Plain (bob)"]


@pytest.mark.parametrize("fault", FAULTS)
def test_import_names_an_importer_whose_parse_fails(site: Path, home: Path, tmp_path: Path, fault: str) -> None:
    export = tmp_path / "codes.faulty"
    export.write_bytes(MAGIC)
    result = tuiauth(site, tmp_path, "import", str(export), "--format", "faulty", fault=fault, where="parse")
    assert result.returncode == 1
    assert_told(result, "importer 'faulty' parse()", fault, "NoneType, not ImportResult")
    assert accounts(home) == []


@pytest.mark.parametrize("fault", FAULTS)
def test_export_names_a_failing_exporter_and_writes_nothing(site: Path, home: Path, tmp_path: Path, fault: str) -> None:
    assert tuiauth(site, tmp_path, "add", SECRET_URI.decode().strip()).returncode == 0
    out = tmp_path / "out.faulty"
    args = ("export", "--format", "faulty", "--output", str(out), "--yes")
    result = tuiauth(site, tmp_path, *args, fault=fault, where="export")
    assert result.returncode == 1
    assert_told(result, "exporter 'faulty' export()", fault, "str, not bytes")
    assert not out.exists() and accounts(home) == ["Plain (bob)"]


@pytest.mark.parametrize(("fault", "where"), [(f, "list") for f in FAULTS] + [("SystemExit0", "factory")])
def test_backup_enable_names_a_failing_backend(site: Path, home: Path, tmp_path: Path, fault: str, where: str) -> None:
    folder = tmp_path / "backups"
    args = ("backup", "enable", "--location", "home", "--backend", "faulty", "--set", f"path={folder}")
    result = tuiauth(site, tmp_path, *args, "--secret-file", str(tmp_path / "secret"), fault=fault, where=where)
    assert result.returncode == 1
    assert_told(result, f"backend 'faulty' {where}()", fault, "NoneType, not list")
    status = tuiauth(site, tmp_path, "backup", "status")
    assert "home" not in status.stdout, "nothing was stored"


@pytest.mark.parametrize("fault", FAULTS)
def test_backup_now_names_a_failing_backend(site: Path, home: Path, tmp_path: Path, fault: str) -> None:
    assert tuiauth(site, tmp_path, "add", SECRET_URI.decode().strip()).returncode == 0
    folder = tmp_path / "backups"
    args = ("backup", "enable", "--location", "home", "--backend", "faulty", "--set", f"path={folder}")
    assert tuiauth(site, tmp_path, *args, "--secret-file", str(tmp_path / "secret")).returncode == 0
    stored = sorted(p.name for p in folder.iterdir())
    result = tuiauth(site, tmp_path, "backup", "now", "--force", fault=fault, where="list,create")
    assert result.returncode != 0
    assert_told(result, "backend 'faulty' list()", fault, "NoneType, not list")
    assert sorted(p.name for p in folder.iterdir()) == stored and accounts(home) == ["Plain (bob)"]


@pytest.mark.parametrize("fault", [*sorted(RAISED), "garbage"])
def test_code_names_a_failing_method(site: Path, home: Path, tmp_path: Path, fault: str) -> None:
    added = tuiauth(site, tmp_path, "add", "--issuer", "Odd", "--secret", "JBSWY3DPEHPK3PXP", "--type", "faulty")
    assert added.returncode == 0, added.stderr
    result = tuiauth(site, tmp_path, "code", "odd", fault=fault, where="code")
    assert result.returncode == 1 and result.stdout == ""
    assert_told(result, "method 'faulty' code()", fault, "int, not str")


def test_plugins_names_a_failure_of_an_earlier_command(site: Path, home: Path, tmp_path: Path) -> None:
    export = tmp_path / "codes.faulty"
    export.write_bytes(MAGIC)
    assert tuiauth(site, tmp_path, "import", str(export), fault="SystemExit0", where="sniff").returncode == 1
    failed = "the plugin 'faulty' failed: its importer 'faulty' sniff() raised SystemExit"
    listing = tuiauth(site, tmp_path, "plugins", password=False)
    assert listing.returncode == 0
    lines = listing.stdout.splitlines()
    shown = lines[next(i for i, line in enumerate(lines) if line.startswith("faulty ")) :]
    assert any(line.strip().startswith(f"failed while running: {failed} (20") for line in shown[:4]), listing.stdout
    assert "0 failed to load, 1 failed while running." in listing.stdout
    as_json = {p["name"]: p for p in json.loads(tuiauth(site, tmp_path, "plugins", "--json", password=False).stdout)}
    assert as_json["faulty"]["status"] == "loaded" and as_json["faulty"]["runtime_error"].startswith(failed)
    assert all(not p["runtime_error"] for name, p in as_json.items() if name != "faulty")
