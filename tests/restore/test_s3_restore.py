"""Backup on the old device, restore on the new, through the CLI with the contrib S3 backend
(tuiauth-s3, loaded through its entry point) against a real SeaweedFS on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.backup.servers import server_for

from .conftest import Device, fill_old_device

AT = "1700000000"


@pytest.fixture
def seaweedfs(running_servers: dict[str, Any]) -> Any:
    return server_for("seaweedfs", running_servers)


@pytest.fixture(autouse=True)
def s3_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Third-party entry points on, allowing only the S3 plugin."""
    monkeypatch.delenv("TUIAUTH_NO_ENTRYPOINTS", raising=False)
    monkeypatch.setenv("TUIAUTH_PLUGINS_ALLOW", "s3")


def _location(server: Any, bucket: str, device: Device, secret_key: str | None = None) -> list[str]:
    key_file = device.home.parent / "s3-secret-key"
    key_file.write_text((secret_key or server.credentials.secret_key) + "\n")
    access_file = device.home.parent / "s3-access-key"
    access_file.write_text(server.credentials.access_key + "\n")
    return ["--backend", "s3", "--set", f"endpoint={server.endpoint}", "--set", f"bucket={bucket}",
            "--set", "addressing=path", "--set-file", f"access_key={access_file}",
            "--set-file", f"secret_key={key_file}"]  # fmt: skip


def test_old_device_to_new_device_over_s3(devices: Callable[[str], Device], seaweedfs: Any) -> None:
    bucket = seaweedfs.new_bucket()
    old, new = devices("old"), devices("new")
    fill_old_device(old)
    assert old("code", "Bank").code == 0
    enabled = old("backup", "enable", "--location", "s3", *_location(seaweedfs, bucket, old),
                  "--secret-file", str(old.secret_file))  # fmt: skip
    assert enabled.code == 0, enabled.err
    new.init()
    wrong = new.restore("s3", *_location(seaweedfs, bucket, new, secret_key="not-the-secret-key"), "--json")
    assert wrong.code == 1 and json.loads(wrong.out)["error"]["kind"] == "sign-in", wrong.err
    result = new.restore("s3", *_location(seaweedfs, bucket, new), "--share")
    assert result.code == 0, result.err
    assert "Restored 4 accounts." in result.out and "Backup is on again for s3: generation 2" in result.out
    keys = ("id", "issuer", "name", "type", "algorithm", "digits", "period", "counter", "groups", "favourite")
    assert [[a[k] for k in keys] for a in new.accounts()] == [[a[k] for k in keys] for a in old.accounts()]
    for query in ("GitHub", "Steam", "Mail"):
        assert new("code", query, "--at", AT).out == old("code", query, "--at", AT).out
    assert new("code", "Bank").out == old("code", "Bank").out  # counter 8 on both


def test_empty_bucket_says_no_backup(devices: Callable[[str], Device], seaweedfs: Any, tmp_path: Path) -> None:
    new = devices("new")
    new.init()
    result = new.restore("s3", *_location(seaweedfs, seaweedfs.new_bucket(), new))
    assert result.code == 1 and result.err.startswith("tuiauth: no backup was found at s3 (")
