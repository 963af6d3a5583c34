"""Two processes writing the same vault: the second is refused with a clear message; nothing is lost."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuiauth.core import vaultfile
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import VaultLockedError, WrongPasswordError
from tuiauth.core.vault import Vault

PASSWORD = "shared password"

WRITER = """
import sys
from collections.abc import Iterator
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


@pytest.fixture
def writer(isolated_home: Path, fast_kdf: KdfParams) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """Another process holding the vault open for writing (it saves and lets go on a new line)."""
    path = isolated_home / "vault.tuiauth"
    Vault.create(path, PASSWORD, kdf=fast_kdf)[0].close()
    with subprocess.Popen(  # leaving the block closes its pipes and waits for it
        [sys.executable, "-c", WRITER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdin is not None and child.stdout is not None
            child.stdin.write(PASSWORD + "\n")
            child.stdin.flush()
            assert child.stdout.readline() == "locked\n"
            yield path, child
        finally:
            if child.poll() is None:
                child.kill()


def _let_go(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("\n")
    child.stdin.flush()
    assert child.stdout.readline() == "saved\n"
    assert child.wait(timeout=10) == 0


def test_second_writer_is_refused_naming_the_holder_and_nothing_is_lost(
    writer: tuple[Path, subprocess.Popen[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, child = writer
    monkeypatch.setattr(vaultfile, "LOCK_WAIT", 0.2)
    before = path.read_bytes()
    told: list[str] = []
    with pytest.raises(VaultLockedError) as refused:
        Vault.open(path, password=PASSWORD, write=True, on_wait=told.append)
    holder = f"another process (pid {child.pid}, {_comm(child.pid)})"
    assert str(refused.value) == f"the vault is open for writing by {holder}; close it first (waited 0.2 s)"
    assert told == [f"the vault is open for writing by {holder}: waiting for it to finish…"]
    # Reading is still allowed while another process writes.
    assert Vault.open(path, password=PASSWORD).generation == 1
    assert path.read_bytes() == before

    _let_go(child)
    with Vault.open(path, password=PASSWORD, write=True) as vault:
        vault.data.accounts.append(Account(issuer="FromThisProcess", secret=b"9876543210"))
        vault.save()
    issuers = [a.issuer for a in Vault.open(path, password=PASSWORD).data.accounts]
    assert issuers == ["FromOtherProcess", "FromThisProcess"]


def test_second_writer_waits_for_the_first_and_opens_what_it_saved(
    writer: tuple[Path, subprocess.Popen[str]],
) -> None:
    """The wait begins after the key was derived; the first writer saves and lets go meanwhile, and
    the second opens the file as it is now (its account included), not the one it derived from."""
    path, child = writer
    told: list[str] = []

    def waiting(message: str) -> None:
        told.append(message)
        _let_go(child)

    with Vault.open(path, password=PASSWORD, write=True, on_wait=waiting) as vault:
        assert [a.issuer for a in vault.data.accounts] == ["FromOtherProcess"]
        vault.data.accounts.append(Account(issuer="FromThisProcess", secret=b"9876543210"))
        vault.save()
    assert len(told) == 1 and f"pid {child.pid}" in told[0]
    issuers = [a.issuer for a in Vault.open(path, password=PASSWORD).data.accounts]
    assert issuers == ["FromOtherProcess", "FromThisProcess"]


def test_a_wrong_password_is_told_at_once_while_another_process_writes(
    writer: tuple[Path, subprocess.Popen[str]],
) -> None:
    """The key is derived before the lock is taken: a wrong password never waits for the lock."""
    path, _ = writer
    told: list[str] = []
    with pytest.raises(WrongPasswordError):
        Vault.open(path, password="not it", write=True, on_wait=told.append)
    assert told == []


def _comm(pid: int) -> str:
    return Path(f"/proc/{pid}/comm").read_text().strip()
