"""Real servers for the backup integration tests, reusing the backends' own start functions.

``Place`` is one fresh, empty location on one server (a WebDAV collection or an S3 bucket): the
backend name and sign-in values the engine takes, the folder holding the server's storage (to scan
for secrets), and a way to point the same location through a ``FaultProxy``. Servers are started on
first use and stopped by PID at the end of the session (``tuiauth.testing.ServerProcess``).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.integration.servers import DavServer
from tests.integration.servers.apache import start_apache
from tests.integration.servers.nginx import start_nginx
from tests.integration.servers.wsgidav import start_wsgidav
from tuiauth.pluginmanager import PluginManager
from tuiauth.testing import require_module

S3_HELPERS = Path(__file__).resolve().parents[2] / "plugins-contrib" / "tuiauth-s3" / "tests" / "s3_servers.py"
S3_HINT = "the contrib S3 plugin: pip install -e ./plugins-contrib/tuiauth-s3"
DAV = ("wsgidav", "apache", "nginx")
S3 = ("moto", "seaweedfs")
ALL = DAV + S3


def _s3_module() -> ModuleType:
    """The S3 plugin's own test servers (moto, SeaweedFS), loaded from its tests folder."""
    name = "tuiauth_backup_s3_servers"
    if name not in sys.modules:
        require_module("tuiauth_s3", S3_HINT)
        spec = importlib.util.spec_from_file_location(name, S3_HELPERS)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def start(kind: str) -> Any:
    if kind in DAV:
        return {"wsgidav": start_wsgidav, "apache": start_apache, "nginx": start_nginx}[kind]()
    module = _s3_module()
    return module.start_moto() if kind == "moto" else module.start_seaweedfs()


@dataclass(frozen=True)
class Place:
    """A fresh location on a running server."""

    kind: str
    backend: str
    settings: dict[str, str]
    #: Where the server keeps everything on disk (None for moto, which keeps objects in memory).
    storage: Path | None
    port: int

    def via(self, port: int) -> Place:
        """The same location reached through a proxy listening on ``port``."""
        key = "url" if self.backend == "webdav" else "endpoint"
        moved = self.settings[key].replace(f":{self.port}", f":{port}", 1)
        return replace(self, settings={**self.settings, key: moved})

    def with_settings(self, **changes: str) -> Place:
        return replace(self, settings={**self.settings, **changes})


def new_place(kind: str, server: Any, timeout: int = 10) -> Place:
    if kind in DAV:
        dav: DavServer = server
        url = dav.new_folder()
        settings = {"url": url, "username": dav.user, "password": dav.password, "auth": dav.auth}
        return Place(kind, "webdav", {**settings, "timeout": str(timeout)}, dav.data, dav.port)
    bucket = server.new_bucket()
    settings = {
        "endpoint": server.endpoint,
        "bucket": bucket,
        "access_key": server.credentials.access_key,
        "secret_key": server.credentials.secret_key,
        "region": "us-east-1",
        "timeout": str(timeout),
    }
    storage = None if kind == "moto" else server.workdir
    return Place(kind, "s3", settings, storage, server.port)


def plugins_with_s3() -> PluginManager:
    """Built-ins plus the S3 plugin, registered explicitly (entry points are off in the tests)."""
    plugins = PluginManager(entrypoints=False)
    try:
        from tuiauth_s3 import plugin
    except ImportError:  # an S3 place calls ``missing`` when it starts its server
        return plugins
    plugins.register(plugin, "s3", package="tuiauth-s3")
    return plugins


def server_for(kind: str, running: dict[str, Any]) -> Any:
    if kind not in running:
        running[kind] = start(kind)
    return running[kind]


MakePlace = Callable[..., Place]
