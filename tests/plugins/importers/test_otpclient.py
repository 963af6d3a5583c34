"""OTPClient databases, built here by the layouts in ``tuiauth/plugins/importers/otpclient.py``
(OTPClient's GUI writes them; no command does), with the ``cryptography`` library directly.

The v1 database (what Debian's OTPClient 3.1.4 writes) is checked against the real program: Debian's
``otpclient-cli`` lists its accounts, and its Aegis and FreeOTP+ exports of it — OTPClient's JSON and
text exports, written by the real program — import to the same accounts through those importers.
v2 and v3 (later OTPClient versions) have no packaged program to check them against.
"""

from __future__ import annotations

import json
import os
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportParametersError, ImportPasswordError
from tuiauth.plugins.importers import aegis, otpclient, uri_list
from tuiauth.testing.requirements import require_binary

from .expected import Expected, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

SPEC = otpclient.tuiauth_importers()[0]
PASSWORD = "hunter2"


def token(kind: str, label: str, issuer: str, digits: int, algo: str, secret: str, **more: object) -> dict[str, object]:
    """One token as OTPClient stores it."""
    return {"type": kind, "label": label, "issuer": issuer, "digits": digits, "algo": algo, "secret": secret, **more}


TOKENS = [
    token("TOTP", "alice", "GitHub", 6, "SHA1", "JBSWY3DPEHPK3PXP", period=30),
    token("HOTP", "bob", "ACME", 8, "SHA256", "GEZDGNBVGY3TQOJQ", counter=7),
    token("TOTP", "carol", "Example", 7, "SHA512", "5OM4WOOGPLQEF6UGN3CPEOOLWU", period=60),
]
EXPECTED = [
    Expected("GitHub", "alice", "JBSWY3DPEHPK3PXP", "totp", "SHA1", 6, period=30),
    Expected("ACME", "bob", "GEZDGNBVGY3TQOJQ", "hotp", "SHA256", 8, counter=7),
    Expected("Example", "carol", "5OM4WOOGPLQEF6UGN3CPEOOLWU", "totp", "SHA512", 7, period=60),
]
STEAM = token("TOTP", "dave", "Steam", 5, "SHA1", "JRZCL47CMXVOQMNPZR2F7J4RGI", period=30, group="Games")
BROKEN = token("TOTP", "erin", "Broken", 6, "SHA1", "1NOT-BASE32", period=30)


def v1_database(tokens: list[dict[str, object]], password: str) -> bytes:
    iv, salt = os.urandom(16), os.urandom(32)
    key = PBKDF2HMAC(hashes.SHA512(), 32, salt, 100_000).derive(password.encode())
    return iv + salt + AESGCM(key).encrypt(iv, json.dumps(tokens).encode(), iv + salt)


def argon2_database(
    tokens: list[dict[str, object]], password: str, version: int, params: tuple[int, int, int]
) -> bytes:
    passes, memory, lanes = params
    iv, salt = os.urandom(16), os.urandom(32)
    if version == 2:
        header = b"OTPClient\0\0\0" + struct.pack("<i", 2) + iv + salt + struct.pack("<3i", *params)
    else:
        header = b"OTPClient" + struct.pack(">I", 3) + iv + salt + struct.pack(">3I", *params)
    if passes > 4 or memory > 64 * 1024 or lanes > 4:  # a hostile header: the importer never derives
        return header + bytes(64)
    key = Argon2id(salt=salt, length=32, iterations=passes, lanes=lanes, memory_cost=memory).derive(password.encode())
    return header + AESGCM(key).encrypt(iv, json.dumps(tokens).encode(), header)


def otpclient_cli(home: Path, *args: str) -> str:
    """Run Debian's otpclient-cli on the database named in ``home``'s config. It reads the password
    from a terminal only: it runs on a pseudo-terminal, and the password is typed once it asks."""
    cli = require_binary("otpclient-cli", "apt-get install otpclient-cli (.ci/install-debian-packages.sh)")
    leader, follower = os.openpty()
    process = subprocess.Popen(
        [cli, *args], stdin=follower, stdout=follower, stderr=follower, env={**os.environ, "HOME": str(home)}
    )
    os.close(follower)
    output = b""
    try:
        while b"password: " not in output:
            chunk = _read(leader)
            assert chunk, output.decode(errors="replace")
            output += chunk
        _wait_for_echo_off(leader)
        os.write(leader, PASSWORD.encode() + b"\n")
        while chunk := _read(leader):
            output += chunk
        assert process.wait(timeout=60) == 0, output.decode(errors="replace")
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
            process.wait()
    return output.decode(errors="replace")


def _wait_for_echo_off(fd: int) -> None:
    """otpclient-cli turns echo off with TCSAFLUSH after its prompt, which throws away anything typed
    before: type only once the terminal (shared by both ends of a pty) no longer echoes."""
    deadline = time.monotonic() + 30
    while termios.tcgetattr(fd)[3] & termios.ECHO:
        assert time.monotonic() < deadline, "otpclient-cli never turned echo off"
        time.sleep(0.01)


def _read(fd: int) -> bytes:
    """What the program wrote to its terminal next; b"" once it closed it (EIO on Linux)."""
    ready, _, _ = select.select([fd], [], [], 60)
    if not ready:
        return b""
    try:
        return os.read(fd, 4096)
    except OSError:
        return b""


@pytest.fixture(scope="module")
def real_exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[str, bytes], str]:
    """A v1 database, the real otpclient-cli's exports of it, and its account list."""
    home = tmp_path_factory.mktemp("otpclient")
    database = home / "otpclient-db.enc"
    database.write_bytes(v1_database(TOKENS, PASSWORD))
    (home / ".config").mkdir()
    (home / ".config" / "otpclient.cfg").write_text(f"[config]\ndb_path={database}\n")
    listing = otpclient_cli(home, "list")
    out = home / "exports"
    out.mkdir()
    for kind in ("aegis", "freeotpplus"):
        otpclient_cli(home, "export", "-t", kind, "-d", str(out))
    return database.read_bytes(), {p.name: p.read_bytes() for p in out.iterdir()}, listing


def test_v1_database_that_otpclient_reads(real_exports: tuple[bytes, dict[str, bytes], str]) -> None:
    data, _, listing = real_exports
    assert all(f"{t['label']} | {t['issuer']}" in listing for t in TOKENS)
    assert SPEC.sniff(data[: 64 * 1024], "otpclient-db.enc") > 0
    assert SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, PASSWORD).drafts, EXPECTED)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "not it")


def test_otpclients_own_exports_import_alike(real_exports: tuple[bytes, dict[str, bytes], str]) -> None:
    _, exports, _ = real_exports
    assert set(exports) == {"aegis_export_plain.json", "freeotpplus-exports.txt"}
    aegis_spec, uri_spec = aegis.tuiauth_importers()[0], uri_list.tuiauth_importers()[0]
    assert_accounts(aegis_spec.parse(exports["aegis_export_plain.json"], None).drafts, EXPECTED)
    assert_accounts(uri_spec.parse(exports["freeotpplus-exports.txt"], None).drafts, EXPECTED)


@pytest.mark.parametrize("version", [2, 3])
def test_argon2_databases(version: int) -> None:
    data = argon2_database([*TOKENS, STEAM, BROKEN], PASSWORD, version, (1, 8192, 1))
    assert SPEC.sniff(data[: 64 * 1024], "x") == pytest.approx(0.99)
    result = SPEC.parse(data, PASSWORD)
    steam = Expected("Steam", "dave", "JRZCL47CMXVOQMNPZR2F7J4RGI", "steam", "SHA1", 5, period=30)
    assert_accounts(result.drafts, [*EXPECTED, steam])
    assert [d.groups for d in result.drafts if d.name == "dave"] == [["Games"]]
    assert [p.entry for p in result.problems] == ["Broken (erin)"]
    with pytest.raises(ImportPasswordError, match="password is wrong"):
        SPEC.parse(data, "not it")
    with pytest.raises(ImportPasswordError, match="give its password"):
        SPEC.parse(data, None)


def test_a_non_ascii_password_as_otpclient_cut_it() -> None:
    """OTPClient derived from the password's character count + 1 bytes; both forms open."""
    password = "pässwörd"
    cut = password.encode()[: len(password) + 1].decode("utf-8", "ignore")
    assert cut != password
    data = v1_database(TOKENS, cut)
    assert_accounts(SPEC.parse(data, password).drafts, EXPECTED)


@pytest.mark.parametrize("version", [2, 3])
@pytest.mark.parametrize(
    ("params", "words"),
    [((1000, 8192, 1), "1000 passes"), ((1, 4 * 1024 * 1024, 1), "4096 MiB"), ((1, 8192, 999), "999 lanes"),
     ((64, 1024 * 1024, 4), "1 GiB × 4")],
)  # fmt: skip
def test_hostile_argon2_parameters(version: int, params: tuple[int, int, int], words: str) -> None:
    with pytest.raises(ImportParametersError, match=words):
        SPEC.parse(argon2_database(TOKENS, PASSWORD, version, params), PASSWORD)


def test_unknown_version_and_short_files() -> None:
    with pytest.raises(ImportFormatError, match="version"):
        SPEC.parse(b"OTPClient" + struct.pack(">I", 9) + bytes(100), PASSWORD)
    with pytest.raises(ImportFormatError, match="too short"):
        SPEC.parse(b"tiny", PASSWORD)


@FUZZ
@given(data=st.data())
def test_fuzz_v3_database(data: st.DataObject) -> None:
    seed = argon2_database(TOKENS, PASSWORD, 3, (1, 8192, 1))
    check_contract(SPEC, data.draw(mutated(seed)), PASSWORD, "otpclient-db.enc")
