"""The corpus of other apps' export files the importer tests read: where it is, whether it is whole,
and how to download it.

The files are listed in ``sources.toml`` beside this module (source repository, commit, path, sha256,
licence); none of them is kept in this repository. A corpus folder holds them as ``files/NAME``; it is
found through ``TUIAUTH_CORPUS``, then ``../shared/corpus`` beside the project, then the cache folder
that ``python -m tests.corpus fetch`` fills (``DEFAULT_CACHE``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx
from platformdirs import user_cache_path

REPO = Path(__file__).resolve().parents[2]
SOURCES = Path(__file__).with_name("sources.toml")
BASE_URL = "https://raw.githubusercontent.com"
#: Read once at import, before the tests point the XDG folders at their own temporary ones.
DEFAULT_CACHE = user_cache_path("tuiauth-corpus")
FETCH_HINT = "python -m tests.corpus fetch (downloads it into the cache folder), or set TUIAUTH_CORPUS"


@dataclass(frozen=True)
class CorpusFile:
    """One file of the corpus and where it comes from."""

    name: str
    repo: str
    commit: str
    path: str
    sha256: str
    licence: str

    def url(self, base_url: str = BASE_URL) -> str:
        return f"{base_url.rstrip('/')}/{self.repo}/{self.commit}/{self.path}"


@functools.cache
def corpus_files() -> tuple[CorpusFile, ...]:
    """Every file listed in ``sources.toml``."""
    with SOURCES.open("rb") as handle:
        return tuple(CorpusFile(**entry) for entry in tomllib.load(handle)["file"])


def candidates() -> list[tuple[str, Path]]:
    """Where the corpus is looked for, in order, each with the name of that place."""
    explicit = os.environ.get("TUIAUTH_CORPUS")
    if explicit:
        return [("TUIAUTH_CORPUS", Path(explicit))]
    return [("../shared/corpus", REPO.parent / "shared" / "corpus"), ("the cache", DEFAULT_CACHE)]


def locate() -> Path | None:
    """The first corpus folder that exists (one holding ``files/``), or None."""
    return next((path for _, path in candidates() if (path / "files").is_dir()), None)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Problems:
    """The listed files that a corpus folder lacks, and those whose bytes differ from their sha256."""

    missing: tuple[str, ...] = ()
    altered: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.missing or self.altered)

    def describe(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"missing: {', '.join(self.missing)}")
        if self.altered:
            parts.append(f"altered (sha256 differs from tests/corpus/sources.toml): {', '.join(self.altered)}")
        return "; ".join(parts)


@functools.cache
def check(folder: Path) -> Problems:
    """Which listed files ``folder/files`` lacks or holds with other bytes (cached per folder)."""
    missing, altered = [], []
    for entry in corpus_files():
        path = folder / "files" / entry.name
        if not path.is_file():
            missing.append(entry.name)
        elif sha256_of(path) != entry.sha256:
            altered.append(entry.name)
    return Problems(tuple(missing), tuple(altered))


@dataclass(frozen=True)
class FetchResult:
    stored: tuple[str, ...]
    up_to_date: tuple[str, ...]
    #: name -> why it was not stored (an HTTP error, or bytes whose sha256 is not the listed one)
    refused: dict[str, str]


def fetch(dest: Path, base_url: str = BASE_URL, entries: Iterable[CorpusFile] | None = None) -> FetchResult:
    """Download every listed file missing or altered in ``dest/files``; store only bytes whose sha256
    is the listed one (written to a temporary name, then renamed)."""
    folder = dest / "files"
    folder.mkdir(parents=True, exist_ok=True)
    stored, up_to_date, refused = [], [], {}
    with httpx.Client(timeout=60, follow_redirects=True) as client:
        for entry in corpus_files() if entries is None else entries:
            target = folder / entry.name
            if target.is_file() and sha256_of(target) == entry.sha256:
                up_to_date.append(entry.name)
                continue
            try:
                reply = client.get(entry.url(base_url))
            except httpx.HTTPError as exc:
                refused[entry.name] = f"{entry.url(base_url)}: {exc}"
                continue
            if reply.status_code != 200:
                refused[entry.name] = f"{entry.url(base_url)}: HTTP {reply.status_code}"
                continue
            digest = hashlib.sha256(reply.content).hexdigest()
            if digest != entry.sha256:
                refused[entry.name] = f"{entry.url(base_url)}: sha256 {digest}, expected {entry.sha256}"
                continue
            partial = target.with_name(f".{entry.name}.part")
            partial.write_bytes(reply.content)
            partial.replace(target)
            stored.append(entry.name)
    check.cache_clear()
    return FetchResult(tuple(stored), tuple(up_to_date), refused)
