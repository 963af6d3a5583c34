"""``python -m tests.corpus``: fetching the corpus from its sources (here a local copy served by
``http.server`` on 127.0.0.1, laid out as REPO/COMMIT/PATH) keeps only files whose sha256 is listed,
and ``check`` names what is missing or altered; the ``corpus_dir`` lookup order."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import corpus
from tuiauth.testing import ServerProcess, free_port
from tuiauth.testing.plugin import start_server

__all__ = ["start_server"]  # a fixture, registered by being imported here

REPO = Path(__file__).resolve().parents[2]
ALTERED = "aegis_plain.json"
ABSENT = "steam.json"


def run_corpus(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.corpus", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def mirror(corpus_dir: Path, tmp_path: Path, start_server: Callable[..., ServerProcess]) -> str:
    """A web server on 127.0.0.1 serving the listed files as REPO/COMMIT/PATH: one altered, one absent."""
    root = tmp_path / "mirror"
    for entry in corpus.corpus_files():
        if entry.name == ABSENT:
            continue
        target = root / entry.repo / entry.commit / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus_dir / "files" / entry.name, target)
        if entry.name == ALTERED:
            target.write_bytes(target.read_bytes().replace(b"Mason", b"Masom"))
    port = free_port()
    start_server(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(root), str(port)], port
    )
    return f"http://127.0.0.1:{port}"


def test_fetch_stores_verified_files_and_refuses_an_altered_one(mirror: str, tmp_path: Path) -> None:
    dest = tmp_path / "cache"
    fetched = run_corpus("fetch", "--dest", str(dest), "--base-url", mirror)
    assert fetched.returncode == 1
    assert f"REFUSED  {ALTERED}: {mirror}/beemdevelopment/Aegis/" in fetched.stderr
    assert "sha256" in fetched.stderr.split(f"REFUSED  {ALTERED}")[1].splitlines()[0]
    assert f"REFUSED  {ABSENT}: " in fetched.stderr and "HTTP 404" in fetched.stderr
    total = len(corpus.corpus_files())
    assert f"{total - 2} stored, 0 already there, 2 refused" in fetched.stdout
    stored = sorted(p.name for p in (dest / "files").iterdir())
    assert stored == sorted(e.name for e in corpus.corpus_files() if e.name not in {ALTERED, ABSENT})

    checked = run_corpus("check", "--dir", str(dest))
    assert checked.returncode == 1
    assert f"missing: {', '.join(e.name for e in corpus.corpus_files() if e.name in {ALTERED, ABSENT})}" in (
        checked.stderr
    )

    again = run_corpus("fetch", "--dest", str(dest), "--base-url", mirror)
    assert f"0 stored, {total - 2} already there, 2 refused" in again.stdout


def test_check_names_an_altered_file_and_passes_a_whole_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(corpus_dir / "files", copy / "files")
    whole = run_corpus("check", "--dir", str(copy))
    assert whole.returncode == 0, whole.stderr
    assert f"all {len(corpus.corpus_files())} files present and unaltered" in whole.stdout

    (copy / "files" / ALTERED).write_bytes(b"{}")
    altered = run_corpus("check", "--dir", str(copy))
    assert altered.returncode == 1
    assert f"altered (sha256 differs from tests/corpus/sources.toml): {ALTERED}" in altered.stderr


def test_check_without_any_corpus_says_where_it_looked(tmp_path: Path) -> None:
    nowhere = tmp_path / "no-corpus"
    result = run_corpus("check", env={"TUIAUTH_CORPUS": str(nowhere)})
    assert result.returncode == 1
    assert f"no corpus found (looked in TUIAUTH_CORPUS ({nowhere}))" in result.stderr
    assert "python -m tests.corpus fetch" in result.stderr


def test_lookup_order_is_the_variable_then_shared_then_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TUIAUTH_CORPUS", str(tmp_path / "mine"))
    assert corpus.candidates() == [("TUIAUTH_CORPUS", tmp_path / "mine")]
    assert corpus.locate() is None
    (tmp_path / "mine" / "files").mkdir(parents=True)
    assert corpus.locate() == tmp_path / "mine"

    monkeypatch.delenv("TUIAUTH_CORPUS")
    assert corpus.candidates() == [
        ("../shared/corpus", REPO.parent / "shared" / "corpus"),
        ("the cache", corpus.DEFAULT_CACHE),
    ]
    assert corpus.DEFAULT_CACHE.name == "tuiauth-corpus"


def run_one_corpus_test(corpus: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    """A test that reads the corpus, run by its own pytest with the corpus at ``corpus``."""
    skip = {"CI", "PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS", "TUIAUTH_SKIP_LOG"}  # its skip is not the run's
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(TUIAUTH_CORPUS=str(corpus), **({"CI": "true"} if ci else {}))
    test = "tests/unit/test_otpauth.py::test_aegis_plain_list_parses_with_form_decoded_issuer"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:randomly", "-p", "no:cacheprovider", test],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_a_missing_file_is_named_and_skips_locally_but_fails_under_ci(corpus_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(corpus_dir / "files", copy / "files")
    (copy / "files" / ABSENT).unlink()
    local = run_one_corpus_test(copy, ci=False)
    assert local.returncode == 0 and "1 skipped" in local.stdout, local.stdout
    assert f"part of the corpus at {copy} (missing: {ABSENT}) is missing: python -m tests.corpus fetch" in local.stdout
    under_ci = run_one_corpus_test(copy, ci=True)
    assert under_ci.returncode == 1 and "1 error" in under_ci.stdout, under_ci.stdout
    assert f"(missing: {ABSENT}) is missing" in under_ci.stdout and "CI=true" in under_ci.stdout


def test_an_altered_file_fails_even_locally(corpus_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(corpus_dir / "files", copy / "files")
    (copy / "files" / ALTERED).write_bytes(b"{}")
    local = run_one_corpus_test(copy, ci=False)
    assert local.returncode == 1 and "1 error" in local.stdout, local.stdout
    assert f"altered (sha256 differs from tests/corpus/sources.toml): {ALTERED}" in local.stdout
