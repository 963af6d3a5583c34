"""Two processes writing the same vault: the second is refused with a clear message; nothing is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import VaultLockedError
from tuiauth.core.vault import Vault

PASSWORD = "shared password"

WRITER = """
import sys
from pathlib import Path
from tuiauth.core.accounts import Account
from tuiauth.core.vault import Vault

path, password = Path(sys.argv[1]), sys.stdin.readline().rstrip("\\n")
vault = Vault.open(path, password=password, write=True)
print("locked", flush=True)
sys.stdin.readline()
vault.data.accounts.append(Account(issuer="FromOtherProcess", secret=b"0123456789"))
vault.save()
vault.close()
print("saved", flush=True)
"""


def test_second_writer_is_refused_and_nothing_is_lost(isolated_home: Path, fast_kdf: KdfParams) -> None:
    path = isolated_home / "vault.tuiauth"
    Vault.create(path, PASSWORD, kdf=fast_kdf)[0].close()
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(PASSWORD + "\n")
        child.stdin.flush()
        assert child.stdout.readline() == "locked\n"
        before = path.read_bytes()

        with pytest.raises(VaultLockedError) as refused:
            Vault.open(path, password=PASSWORD, write=True)
        assert str(refused.value) == (
            f"the vault is open for writing in another tuiauth process (pid {child.pid}); close it first"
        )
        # Reading is still allowed while another process writes.
        assert Vault.open(path, password=PASSWORD).generation == 1
        assert path.read_bytes() == before

        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline() == "saved\n"
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    with Vault.open(path, password=PASSWORD, write=True) as vault:
        vault.data.accounts.append(Account(issuer="FromThisProcess", secret=b"9876543210"))
        vault.save()
    issuers = [a.issuer for a in Vault.open(path, password=PASSWORD).data.accounts]
    assert issuers == ["FromOtherProcess", "FromThisProcess"]
