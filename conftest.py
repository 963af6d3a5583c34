"""Fixtures shared by every test (tests/ and plugins-contrib/): the developer's machine is kept out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuiauth.core.crypto import TEST_KDF, KdfParams

REPO = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh TUIAUTH_HOME and XDG folders for every test; third-party entry points off."""
    root = tmp_path_factory.mktemp("home")
    home = root / "tuiauth"
    monkeypatch.setenv("TUIAUTH_HOME", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(root / var.lower()))
    monkeypatch.setenv("HOME", str(root))
    monkeypatch.setenv("TUIAUTH_NO_ENTRYPOINTS", "1")
    for var in ("TUIAUTH_PASSWORD_FILE", "TUIAUTH_PLUGINS_ALLOW", "TUIAUTH_PLUGINS_BLOCK"):
        monkeypatch.delenv(var, raising=False)
    yield home


@pytest.fixture
def fast_kdf() -> KdfParams:
    """The explicit fast KDF profile for tests (production parameters are never lowered otherwise)."""
    return TEST_KDF


@pytest.fixture
def corpus_dir() -> Path:
    """``../shared/corpus`` beside the project, or TUIAUTH_CORPUS; skips, saying why, when absent."""
    path = Path(os.environ.get("TUIAUTH_CORPUS", REPO.parent / "shared" / "corpus"))
    if not (path / "MANIFEST.txt").is_file():
        pytest.skip(f"the shared corpus is not at {path} (set TUIAUTH_CORPUS); CI always has it")
    return path
