"""Each way a vault can fail to open has its own error type and one clear line; nothing on disk
changes, and each answer comes within a second (the hostile KDF one without deriving anything)."""

from __future__ import annotations

import hashlib
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tuiauth.core import sealed
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import (
    CorruptFileError,
    TamperedFileError,
    UnsafeParametersError,
    VaultError,
    WrongPasswordError,
)
from tuiauth.core.vault import Vault

PASSWORD = "pa55word-canary"
SECRET = b"secret-canary-bytes!"
OFFSET = len(sealed.MAGIC) + 32


def reseal(data: bytes, edit: Callable[[dict[str, object]], None]) -> bytes:
    """Edit the header as JSON, keep it canonical, and recompute its length and the checksum."""
    size = int.from_bytes(data[OFFSET : OFFSET + 4], "big")
    header = json.loads(data[OFFSET + 4 : OFFSET + 4 + size])
    edit(header)
    raw = sealed.canonical_json(header)
    rest = len(raw).to_bytes(4, "big") + raw + data[OFFSET + 4 + size :]
    return sealed.MAGIC + hashlib.sha256(rest).digest() + rest


def flip_one_byte(data: bytes) -> bytes:
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 0x10
    return bytes(damaged)


def set_generation(header: dict[str, object]) -> None:
    header["generation"] = 99


def set_huge_memory(header: dict[str, object]) -> None:
    slots = header["slots"]
    assert isinstance(slots, list)
    slots[0]["m"] = 2**40


CASES: list[tuple[str, Callable[[bytes], bytes], str, type[VaultError], str]] = [
    ("wrong password", lambda d: d, "not the password", WrongPasswordError,
     "wrong password: it does not open this vault"),
    ("truncated", lambda d: d[: len(d) - 100], PASSWORD, CorruptFileError,
     "the vault file is damaged (truncated or changed bytes)"),
    ("one flipped byte", flip_one_byte, PASSWORD, CorruptFileError,
     "the vault file is damaged (truncated or changed bytes)"),
    ("generation edited", lambda d: reseal(d, set_generation), PASSWORD, TamperedFileError,
     "the vault's authenticated header or body does not match: it was modified outside tuiauth"),
    ("KDF memory 2^40", lambda d: reseal(d, set_huge_memory), PASSWORD, UnsafeParametersError,
     "refusing to open the vault: its key-derivation settings are unsafe"),
]  # fmt: skip


@pytest.mark.parametrize(("label", "damage", "password", "error", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_failure_has_its_own_error(
    isolated_home: Path,
    fast_kdf: KdfParams,
    label: str,
    damage: Callable[[bytes], bytes],
    password: str,
    error: type[VaultError],
    message: str,
) -> None:
    path = isolated_home / "vault.tuiauth"
    vault, _ = Vault.create(path, PASSWORD, kdf=fast_kdf)
    with vault:
        vault.data.accounts.append(Account(issuer="Bank", name="me", secret=SECRET))
        vault.save()
    path.write_bytes(damage(path.read_bytes()))
    folder_before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    for write in (False, True):
        start = time.perf_counter()
        with pytest.raises(error) as caught:
            Vault.open(path, password=password, write=write)
        assert time.perf_counter() - start < 1.0, label

    text = str(caught.value)
    assert type(caught.value) is error
    assert text.startswith(message) and "\n" not in text
    for secret in (PASSWORD, SECRET.decode(), SECRET.hex()):
        assert secret not in text
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == folder_before
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 64 * 1024  # KiB
    # The lock was released: the intact previous copy still opens for writing.
    path.write_bytes(folder_before["vault.tuiauth.1"])
    Vault.open(path, password=PASSWORD, write=True).close()
