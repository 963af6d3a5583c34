"""wsgidav (PyPI) on cheroot, accepting Basic and Digest sign-in."""

from __future__ import annotations

import json
import sys

from tuiauth.testing import ServerProcess, free_port, require_module

from . import PASSWORD, USER, DavServer, server_workdir


def start_wsgidav() -> DavServer:
    require_module("wsgidav", "the test extras install it: pip install -e '.[test]'")
    require_module("cheroot", "the test extras install it: pip install -e '.[test]'")
    workdir, data = server_workdir("wsgidav")
    port = free_port()
    config = {
        "host": "127.0.0.1",
        "port": port,
        "server": "cheroot",
        "provider_mapping": {"/": str(data)},
        "simple_dc": {"user_mapping": {"*": {USER: {"password": PASSWORD}}}},
        "http_authenticator": {"accept_basic": True, "accept_digest": True, "default_to_digest": True},
        "dir_browser": {"enable": False},
        "verbose": 1,
    }
    (workdir / "wsgidav.json").write_text(json.dumps(config))
    argv = [sys.executable, "-m", "wsgidav.server.server_cli", f"--config={workdir / 'wsgidav.json'}"]
    process = ServerProcess(argv, log=workdir / "server.log")
    process.wait_for_port(port)
    return DavServer("wsgidav", f"http://127.0.0.1:{port}/", process, workdir, data)
