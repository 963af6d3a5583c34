"""Fixtures shared by every test (tests/ and plugins-contrib/): the developer's machine is kept out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests import corpus
from tuiauth.core.crypto import TEST_KDF, KdfParams
from tuiauth.testing import missing, require_binary, require_file
from tuiauth.testing.servers import SshServer

REPO = Path(__file__).resolve().parent

# Hypothesis's per-example deadline (200 ms unless a test sets one) is a timed assertion: on a loaded
# machine it fails tests that are correct. Speed is measured by benchmarks/ only.
settings.register_profile("tuiauth", deadline=None)
settings.load_profile("tuiauth")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh TUIAUTH_HOME and XDG folders (the runtime one too) for every test; third-party entry points off."""
    root = tmp_path_factory.mktemp("home")
    home = root / "tuiauth"
    monkeypatch.setenv("TUIAUTH_HOME", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(root / var.lower()))
    monkeypatch.setenv("HOME", str(root))
    runtime = root / "run"  # where `tuiauth agent` listens: never the developer's own agent
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("TUIAUTH_NO_ENTRYPOINTS", "1")
    for var in ("TUIAUTH_PASSWORD_FILE", "TUIAUTH_PLUGINS_ALLOW", "TUIAUTH_PLUGINS_BLOCK"):
        monkeypatch.delenv(var, raising=False)
    yield home


@pytest.fixture(scope="session")
def running_servers() -> Iterator[dict[str, Any]]:
    """The real servers of this test session by kind ("wsgidav", "apache", "nginx", "moto", "seaweedfs"),
    each started on first use (``tests/backup/servers.py``'s ``server_for``) and shared by every test
    that needs one, so each server starts once per session (once per pytest-xdist worker). Tests stay
    independent by each using a fresh folder or bucket of their own. All are stopped by PID at the end."""
    running: dict[str, Any] = {}
    yield running
    for server in running.values():
        server.stop()


@pytest.fixture
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    """A private OpenSSH server on 127.0.0.1 for this test (``tuiauth.testing.servers.SshServer``):
    ``sshd.ssh_argv(command, tty=True)`` logs in as the current user with its own key."""
    hint = "apt-get install openssh-server openssh-client"
    program = require_binary("sshd", hint)
    require_binary("ssh", hint)
    require_binary("ssh-keygen", hint)
    server = SshServer(tmp_path_factory.mktemp("sshd"), sshd=program)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fast_kdf() -> KdfParams:
    """The explicit fast KDF profile for tests (production parameters are never lowered otherwise)."""
    return TEST_KDF


@pytest.fixture
def corpus_dir() -> Path:
    """The corpus folder (``TUIAUTH_CORPUS``, then ``../shared/corpus``, then the cache that
    ``python -m tests.corpus fetch`` fills), with every file of ``tests/corpus/sources.toml`` in place.

    A missing corpus or file is ``missing`` (a failure under CI, a skip elsewhere); an altered file
    always fails."""
    folder = corpus.locate()
    if folder is None:
        places = ", ".join(f"{name} ({path})" for name, path in corpus.candidates())
        missing(f"the corpus (looked in {places})", corpus.FETCH_HINT)
    problems = corpus.check(folder.resolve())
    if problems.altered:
        pytest.fail(f"the corpus at {folder} is not the listed one: {problems.describe()}", pytrace=False)
    if problems.missing:
        missing(f"part of the corpus at {folder} ({problems.describe()})", corpus.FETCH_HINT)
    return folder


@pytest.fixture
def corpus_vectors(corpus_dir: Path) -> Path:
    """``vectors.json`` of the corpus: the expected codes and parse results the method and URI tests
    check (RFC 4226/6238, Steam, mOTP, other apps' own tests). It has no source to download it from:
    it comes with ``../shared/corpus`` (or a copy named by ``TUIAUTH_CORPUS``)."""
    return require_file(
        corpus_dir / "vectors.json", "the corpus's vectors.json", "copy it from ../shared/corpus, or set TUIAUTH_CORPUS"
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """With ``TUIAUTH_SKIP_LOG`` set, append each skipped test's node id and reason to that file
    (``.ci/run`` checks them against ``.ci/allowed-skips.txt``). Under pytest-xdist the controller
    receives every worker's reports, so only it writes."""
    log = os.environ.get("TUIAUTH_SKIP_LOG")
    if not log or not report.skipped or hasattr(report, "wasxfail") or "PYTEST_XDIST_WORKER" in os.environ:
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"{report.nodeid}\t{' '.join(reason.split())}\n")
