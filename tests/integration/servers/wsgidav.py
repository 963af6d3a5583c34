"""wsgidav (PyPI) on cheroot, accepting Basic and Digest sign-in: the kit's server (tuiauth/testing/webdav.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tuiauth.testing.webdav import start_wsgidav as start_kit_wsgidav

from . import DavServer


def start_wsgidav() -> DavServer:
    workdir = Path(tempfile.mkdtemp(prefix="tuiauth-wsgidav-"))
    server = start_kit_wsgidav(workdir, digest=True)
    return DavServer("wsgidav", server.url, server.process, workdir, server.data)
