"""A real WebDAV server for a backend's tests: wsgidav on 127.0.0.1 (``pip install wsgidav cheroot``).

``start_wsgidav(workdir)`` serves ``workdir/data`` with Basic sign-in (``USER``/``PASSWORD``) at a
free loopback port, and the same folders read-only under ``/read-only/``; ``new_folder()`` makes a
fresh, empty folder for one test, ``read_only(folder)`` is its address where every write is refused
(``403``); ``stop()`` ends the server by PID. The ``webdav_server`` fixture of
``tuiauth.testing.plugin`` starts one per session.
"""

from __future__ import annotations

import json
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from .requirements import require_module
from .servers import LOOPBACK, ServerProcess, free_port

READ_ONLY = "read-only"
USER = "alice"
PASSWORD = "correct horse battery staple"  # noqa: S105 (the test server's own)


@dataclass
class WebDavServer:
    """A running wsgidav; its root folder is ``url`` (with a trailing slash)."""

    url: str
    port: int
    data: Path
    process: ServerProcess
    user: str = USER
    password: str = PASSWORD

    def new_folder(self) -> str:
        """The address of a fresh, empty folder (with a trailing slash)."""
        name = f"t-{uuid.uuid4().hex[:12]}"
        (self.data / name).mkdir()
        return f"{self.url}{name}/"

    def read_only(self, folder: str) -> str:
        """The address of ``folder`` where the server refuses every write."""
        return folder.replace(self.url, f"{self.url}{READ_ONLY}/", 1)

    def stop(self) -> None:
        self.process.stop()


def start_wsgidav(workdir: Path, *, digest: bool = False) -> WebDavServer:
    """Start wsgidav over ``workdir/data`` and wait until it answers; ``digest`` accepts Digest
    sign-in too (and asks for it first)."""
    hint = "pip install wsgidav cheroot"
    require_module("wsgidav", hint)
    require_module("cheroot", hint)
    data = workdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = {
        "host": LOOPBACK,
        "port": port,
        "server": "cheroot",
        "provider_mapping": {"/": str(data), f"/{READ_ONLY}": {"root": str(data), "readonly": True}},
        "simple_dc": {"user_mapping": {"*": {USER: {"password": PASSWORD}}}},
        "http_authenticator": {"accept_basic": True, "accept_digest": digest, "default_to_digest": digest},
        "dir_browser": {"enable": False},
        "verbose": 1,
    }
    (workdir / "wsgidav.json").write_text(json.dumps(config))
    argv = [sys.executable, "-m", "wsgidav.server.server_cli", f"--config={workdir / 'wsgidav.json'}"]
    process = ServerProcess(argv, log=workdir / "server.log")
    process.wait_for_port(port)
    return WebDavServer(f"http://{LOOPBACK}:{port}/", port, data, process)
