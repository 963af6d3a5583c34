"""Print the time of one create + read-back of a backup-sized object on each storage backend.

A 10,000-account backup is a few MiB of ciphertext; this measures only the storage layer (no KDF,
no sealing) on loopback, against the same real servers the integration tests start:

    python benchmarks/backend_roundtrip.py [size_mib]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "plugins-contrib" / "tuiauth-s3" / "tests")]

from integration.servers import DavServer  # noqa: E402
from integration.servers.apache import start_apache  # noqa: E402
from integration.servers.nginx import start_nginx  # noqa: E402
from integration.servers.wsgidav import start_wsgidav  # noqa: E402

from tuiauth.core.specs import Backend  # noqa: E402
from tuiauth.plugins.backends.local import LocalBackend  # noqa: E402
from tuiauth.plugins.backends.webdav import WebDavBackend  # noqa: E402


def roundtrip(backend: Backend, data: bytes, runs: int = 5) -> float:
    """Best of ``runs``: create a new object, then read it back and compare (as the engine does)."""
    best = float("inf")
    for run in range(runs):
        name = f"gen-{run:020d}-bench"
        start = time.perf_counter()
        backend.create(name, data)
        assert backend.read(name) == data
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    size = int(float(sys.argv[1]) * 1024 * 1024) if len(sys.argv) > 1 else 3 * 1024 * 1024
    data = os.urandom(size)
    print(f"create + read-back of {size / 1024 / 1024:.1f} MiB, best of 5, loopback")
    with TemporaryDirectory() as folder:
        print(f"  local folder   {roundtrip(LocalBackend(Path(folder)), data) * 1000:7.1f} ms")
    starters: dict[str, Callable[[], DavServer]] = {
        "wsgidav": start_wsgidav,
        "apache": start_apache,
        "nginx": start_nginx,
    }
    for name, start in starters.items():
        server = start()
        try:
            backend = WebDavBackend(server.new_folder(), server.user, server.password)
            print(f"  webdav {name:8s}{roundtrip(backend, data) * 1000:7.1f} ms")
        finally:
            server.stop()
    try:
        from s3_servers import start_moto, start_seaweedfs
        from tuiauth_s3 import S3Backend
    except ImportError:
        print("  (tuiauth-s3 is not installed: no S3 figures)")
        return
    for name, start in {"moto": start_moto, "seaweedfs": start_seaweedfs}.items():
        server = start()
        try:
            backend = S3Backend(server.endpoint, server.new_bucket(), server.credentials)
            print(f"  s3 {name:12s}{roundtrip(backend, data) * 1000:7.1f} ms")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
