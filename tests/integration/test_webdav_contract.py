"""The backend contract suite for the ``webdav`` backend on wsgidav, Apache mod_dav and nginx dav."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tuiauth.core.specs import Backend, BackendSpec
from tuiauth.plugin_kit.names import TEMP_PREFIX
from tuiauth.plugins.backends.webdav import SPEC, WebDavBackend
from tuiauth.testing import (
    BackendContract,
    FaultProxy,
    MakeBackend,
    PlantStaleTemporary,
    PutForeignFile,
    object_name,
)

from .servers import DavServer

#: Every server tried checks ``Overwrite: F`` and then renames, with no lock between the two, so two
#: concurrent writers of one name can both succeed (measured, 8 writers x 100 rounds: Apache 17
#: rounds, nginx 1, wsgidav 0-2 of each 100). The stored object is always one writer's whole bytes;
#: the backup engine names objects by content hash and reads every commit back, so this is safe.
RACY_MOVE = {"apache", "nginx", "wsgidav"}


def client(server: DavServer, url: str, password: str | None = None, timeout: float = 10) -> WebDavBackend:
    return WebDavBackend(
        url, server.user, server.password if password is None else password, auth=server.auth, timeout=timeout
    )


class TestWebDav(BackendContract):
    @pytest.fixture
    def folder(self, dav_server: DavServer) -> str:
        return dav_server.new_folder()

    @pytest.fixture
    def make_backend(self, dav_server: DavServer, folder: str) -> MakeBackend:
        return lambda: client(dav_server, folder)

    @pytest.fixture
    def make_backend_with_bad_credentials(self, dav_server: DavServer, folder: str) -> MakeBackend:
        return lambda: client(dav_server, folder, password="not the password")

    @pytest.fixture
    def make_backend_for_missing_location(self, dav_server: DavServer) -> MakeBackend:
        return lambda: client(dav_server, dav_server.url + "no-such-folder/")

    @pytest.fixture
    def make_interrupted_backend(self, dav_server: DavServer, folder: str) -> Iterator[MakeBackend]:
        with FaultProxy(dav_server.port) as proxy:
            proxy.set_fault("reset_upload", after=256 * 1024)
            yield lambda: client(dav_server, folder.replace(f":{dav_server.port}/", f":{proxy.port}/"))

    @pytest.fixture
    def create_is_atomic(self, dav_server: DavServer) -> bool:
        return dav_server.name not in RACY_MOVE

    @pytest.fixture
    def make_backend_without_permission(self, dav_server: DavServer, folder: str) -> MakeBackend:
        return lambda: client(dav_server, dav_server.read_only(folder))

    @pytest.fixture
    def backend_settings(self, dav_server: DavServer, folder: str) -> tuple[BackendSpec, dict[str, str]]:
        return SPEC, {
            "url": folder,
            "username": dav_server.user,
            "password": dav_server.password,
            "auth": dav_server.auth,
        }

    @pytest.fixture
    def secret_values(self, dav_server: DavServer) -> tuple[str, ...]:
        return (dav_server.password, "not the password")

    @pytest.fixture
    def on_disk(self, dav_server: DavServer, folder: str) -> Path:
        """The folder as the server keeps it on disk."""
        return dav_server.data / folder.rstrip("/").rpartition("/")[2]

    @pytest.fixture
    def put_foreign_file(self, on_disk: Path) -> PutForeignFile:
        def put(name: str, data: bytes) -> None:
            (on_disk / name).write_bytes(data)
            (on_disk / name).chmod(0o666)

        return put

    @pytest.fixture
    def plant_stale_temporary(self, on_disk: Path) -> PlantStaleTemporary:
        def plant() -> Callable[[], bool]:
            leftover = on_disk / f"{TEMP_PREFIX}crashed"
            leftover.write_bytes(b"half an upload")
            leftover.chmod(0o666)
            os.utime(leftover, (1_000_000_000, 1_000_000_000))
            return leftover.exists

        return plant

    def test_stale_temporaries_are_swept(
        self, dav_server: DavServer, backend: Backend, plant_stale_temporary: PlantStaleTemporary
    ) -> None:
        """nginx's dav-ext module leaves names starting with a dot out of every listing, so a
        temporary file a crash left between ``PUT`` and ``MOVE`` is invisible there and stays
        (nginx itself never keeps the partial file of a cut-off upload): never listed, never swept."""
        if dav_server.name != "nginx":
            super().test_stale_temporaries_are_swept(backend, plant_stale_temporary)
            return
        exists = plant_stale_temporary()
        backend.create(object_name(1), b"ours")
        assert backend.list() == [object_name(1)]
        assert exists(), "nginx listed the hidden file: the sweep can reach it now, use the kit's test"
