"""Fixtures for driving the app through Pilot, on the public kit ``tuiauth.testing.app`` only (an
import-linter contract in pyproject.toml keeps it so): its fake clock and clipboard, the fast KDF."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tuiauth.testing.app import FakeClipboard, FakeClock

from .helpers import AppFactory


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """A short temporary folder (``/tmp/ta-XXXXXXXX``) instead of pytest's. The screens show paths at
    80 columns, and pytest's (``/tmp/pytest-of-USER/pytest-N/popen-gwN/test_name0``) grows with the run
    number, the xdist worker and the test's name until an asserted sentence wraps or is cut."""
    folder = Path(tempfile.mkdtemp(prefix="ta-", dir="/tmp" if Path("/tmp").is_dir() else None))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def clock(tuiauth_clock: FakeClock) -> FakeClock:
    return tuiauth_clock


@pytest.fixture
def clipboard(tuiauth_clipboard: FakeClipboard) -> FakeClipboard:
    return tuiauth_clipboard


@pytest.fixture
def new_app(tuiauth_app: Callable[..., Any]) -> AppFactory:
    """A new app over the test's home as it is (no vault made): ``new_app(**make_app options)``."""
    return tuiauth_app


@pytest.fixture
def vault_with(tuiauth_app: Callable[..., Any]) -> AppFactory:
    """An app over a new vault holding ``drafts`` (``account(...)``), locked, or open with ``unlocked=True``."""

    def create(*drafts: object, unlocked: bool = False, **options: object) -> Any:
        return tuiauth_app(list(drafts), unlocked=unlocked, **options)

    return create


@pytest.fixture
def tuiauth_home(isolated_home: Path) -> Path:
    """The kit's home is the isolated TUIAUTH_HOME under the test's HOME, so screens show ``~/…``
    paths that are the same on every run (snapshots)."""
    return isolated_home


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR set; list it before the fixture making the app (Textual reads it then)."""
    monkeypatch.setenv("NO_COLOR", "1")
