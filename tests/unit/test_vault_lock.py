"""Two processes on one vault: both open it; the lock is held only while saving, and a save that
finds another under way waits for it, naming the holder, then gives up; nothing is lost."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuiauth.core import vaultfile
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
print("open", flush=True)
sys.stdin.readline()
vault.data.accounts.append(Account(issuer="FromOtherProcess", secret=b"0123456789"))
vault.save()
vault.close()
print("saved", flush=True)
"""

SAVING = """
import sys
from pathlib import Path
from tuiauth.core.vaultfile import VaultLock

sys.stdin.readline()
lock = VaultLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
sys.stdin.readline()
lock.release()
print("released", flush=True)
"""


def _child(script: str, path: Path, first_line: str, expected: str) -> Iterator[subprocess.Popen[str]]:
    with subprocess.Popen(  # leaving the block closes its pipes and waits for it
        [sys.executable, "-c", script, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdin is not None and child.stdout is not None
            child.stdin.write(first_line + "\n")
            child.stdin.flush()
            assert child.stdout.readline() == expected
            yield child
        finally:
            if child.poll() is None:
                child.kill()


@pytest.fixture
def vault_path(isolated_home: Path, fast_kdf: KdfParams) -> Path:
    path = isolated_home / "vault.tuiauth"
    Vault.create(path, PASSWORD, kdf=fast_kdf)[0].close()
    return path


@pytest.fixture
def writer(vault_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with the vault open for writing (it saves an account on a new line)."""
    yield from _child(WRITER, vault_path, PASSWORD, "open\n")


@pytest.fixture
def saving(vault_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process in the middle of a save: it holds the writer lock until a new line."""
    yield from _child(SAVING, vault_path, "", "locked\n")


def _next_line(child: subprocess.Popen[str], expected: str) -> None:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("\n")
    child.stdin.flush()
    assert child.stdout.readline() == expected
    assert child.wait(timeout=10) == 0


def test_two_processes_open_the_vault_for_writing_and_both_changes_are_kept(
    vault_path: Path, writer: subprocess.Popen[str]
) -> None:
    with Vault.open(vault_path, password=PASSWORD, write=True) as vault:  # not refused: the other only has it open
        vault.data.accounts.append(Account(issuer="FromThisProcess", secret=b"9876543210"))
        vault.save()
        _next_line(writer, "saved\n")  # the other saves over our newer file: its change is applied to it
        assert vault.changed_on_disk()
        assert vault.reload()
        assert [a.issuer for a in vault.data.accounts] == ["FromThisProcess", "FromOtherProcess"]
    issuers = [a.issuer for a in Vault.open(vault_path, password=PASSWORD).data.accounts]
    assert issuers == ["FromThisProcess", "FromOtherProcess"]


def test_a_save_under_way_makes_another_wait_naming_the_holder_then_give_up(
    vault_path: Path, saving: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vaultfile, "LOCK_WAIT", 0.2)
    before = vault_path.read_bytes()
    told: list[str] = []
    vault = Vault.open(vault_path, password=PASSWORD, write=True, on_wait=told.append)
    vault.data.accounts.append(Account(issuer="FromThisProcess", secret=b"9876543210"))
    with pytest.raises(VaultLockedError) as refused:
        vault.save()
    holder = f"another process (pid {saving.pid}, {_comm(saving.pid)})"
    assert str(refused.value) == f"the vault is open for writing by {holder}; close it first (waited 0.2 s)"
    assert told == [f"the vault is open for writing by {holder}: waiting for it to finish…"]
    assert Vault.open(vault_path, password=PASSWORD).generation == 1  # reading is still allowed
    assert vault_path.read_bytes() == before

    _next_line(saving, "released\n")
    vault.save()  # the change was kept: saved once the other save let go
    issuers = [a.issuer for a in Vault.open(vault_path, password=PASSWORD).data.accounts]
    assert issuers == ["FromThisProcess"]


def _comm(pid: int) -> str:
    return Path(f"/proc/{pid}/comm").read_text().strip()
