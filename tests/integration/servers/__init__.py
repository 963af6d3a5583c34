"""Real WebDAV and S3 servers for the integration tests, each on 127.0.0.1 at a random free port.

Each ``start_*`` function returns a running server; the fixtures in ``../conftest.py`` stop it by PID.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

from tuiauth.testing import ServerProcess
from tuiauth.testing.webdav import PASSWORD, READ_ONLY, USER

#: The sign-in of every server, and the path under which each also serves its folders read-only
#: (every write refused with 403), as the kit's own WebDAV server has them.
__all__ = ["PASSWORD", "READ_ONLY", "USER"]


@dataclass
class DavServer:
    """A running WebDAV server whose root collection is ``url`` (with a trailing slash)."""

    name: str
    url: str
    process: ServerProcess
    workdir: Path
    data: Path
    user: str = USER
    password: str = PASSWORD
    auth: str = "basic"
    #: An https:// address of the same folder tree (self-signed certificate) and that certificate.
    tls_url: str = ""
    ca_file: str = ""

    @property
    def port(self) -> int:
        return int(self.url.split(":")[2].split("/")[0])

    def new_folder(self) -> str:
        """A fresh, empty collection on the server (made with MKCOL, so the server owns it)."""
        url = f"{self.url}t-{uuid.uuid4().hex[:12]}/"
        auth = (httpx.DigestAuth if self.auth == "digest" else httpx.BasicAuth)(self.user, self.password)
        response = httpx.request("MKCOL", url, auth=auth, timeout=10)
        assert response.status_code == 201, f"MKCOL {url}: {response.status_code} {response.text[:200]}"
        return url

    def read_only(self, folder: str) -> str:
        """The address of ``folder`` (from ``new_folder``) where the server refuses every write."""
        return folder.replace(self.url, f"{self.url}{READ_ONLY}/", 1)

    def stop(self) -> None:
        self.process.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def server_workdir(name: str) -> tuple[Path, Path]:
    """A private working folder and a world-writable data folder inside it.

    Apache and nginx started as root hand requests to an unprivileged user, which must reach the
    data folder: the working folder lives directly in the system temp folder (pytest's is 0700).
    """
    workdir = Path(tempfile.mkdtemp(prefix=f"tuiauth-{name}-"))
    workdir.chmod(0o755)
    data = workdir / "data"
    data.mkdir()
    data.chmod(0o777)
    return workdir, data


def run_as_user() -> str | None:
    """The unprivileged user a root-started server should switch to, or None when not root."""
    return "www-data" if os.geteuid() == 0 else None
