"""The backend contract suite for the ``webdav`` backend on wsgidav, Apache mod_dav and nginx dav."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tuiauth.plugins.backends.webdav import WebDavBackend
from tuiauth.testing import BackendContract, FaultProxy, MakeBackend

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
