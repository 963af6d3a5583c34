"""Each way a vault can be unopenable gives its own one-line error, changes nothing, and is quick."""

from __future__ import annotations

import contextlib
import json
import os
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tuiauth.core import crypto, sealed
from tuiauth.core.crypto import KdfParams

PREFIX = len(sealed.MAGIC) + 32 + 4


def rewrite_header(blob: bytes, edit: Callable[[dict], None]) -> bytes:
    """Edit the JSON header and recompute the outer checksum, as a careful attacker would."""
    (size,) = struct.unpack(">I", blob[PREFIX - 4 : PREFIX])
    header = json.loads(blob[PREFIX : PREFIX + size])
    edit(header)
    raw = sealed.canonical_json(header)
    rest = struct.pack(">I", len(raw)) + raw + blob[PREFIX + size :]
    return sealed.MAGIC + crypto.sha256(rest) + rest


def bump_generation(header: dict) -> None:
    header["generation"] += 1


def huge_memory(header: dict) -> None:
    for slot in header["slots"]:
        if slot["type"] == "password":
            slot["m"] = 2**40


CASES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (lambda b: b[: len(b) // 2], "damaged (truncated or changed bytes)"),
    "flipped byte": (lambda b: b[:-5] + bytes([b[-5] ^ 0x01]) + b[-4:], "damaged (truncated or changed bytes)"),
    "generation edited": (lambda b: rewrite_header(b, bump_generation), "modified outside tuiauth"),
    "KDF memory 2^40": (lambda b: rewrite_header(b, huge_memory), "refusing Argon2id memory"),
}


#: How many key derivations each damage allows before it is refused: a checksum or a KDF cap is
#: checked first (none); an edited header is found by its authentication, after the password slot's one.
DERIVATIONS = {"truncated": 0, "flipped byte": 0, "generation edited": 1, "KDF memory 2^40": 0}


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[KdfParams]:
    """Every Argon2id derivation made from now on (its parameters): the work a refusal may cost."""
    made: list[KdfParams] = []
    derive = crypto.argon2id

    def counting(secret: bytes, salt: bytes, params: KdfParams, length: int = crypto.KEY_SIZE) -> bytes:
        made.append(params)
        return derive(secret, salt, params, length)

    monkeypatch.setattr(crypto, "argon2id", counting)
    return made


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_vaults(case: str, cli, vault_path: Path, derivations: list[KdfParams]) -> None:
    assert cli("add", "--issuer", "Keep", "--secret", "JBSWY3DPEHPK3PXP").code == 0
    damage, message = CASES[case]
    broken = damage(vault_path.read_bytes())
    vault_path.write_bytes(broken)
    for command in (("list",), ("code", "keep"), ("add", "--issuer", "New", "--secret", "JBSWY3DPEHPK3PXQ")):
        derivations.clear()
        result = cli(*command)
        assert result.code == 1, (case, command)
        assert message in result.err, (case, result.err)
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
        assert len(derivations) == DERIVATIONS[case], (case, command, derivations)
        assert vault_path.read_bytes() == broken, "a failed open must change nothing"


def test_wrong_password_is_its_own_message(cli, vault_path: Path, tmp_path: Path) -> None:
    before = vault_path.read_bytes()
    wrong = tmp_path / "wrong"
    wrong.write_text("not the password\n")
    result = cli("list", "--password-file", str(wrong), password=False)
    assert result.code == 1 and "wrong password" in result.err and "damaged" not in result.err
    assert vault_path.read_bytes() == before


def test_kdf_caps_are_checked_before_deriving(cli, vault_path: Path, derivations: list[KdfParams]) -> None:
    """2^40 KiB would be a petabyte: the refusal must come before any allocation, i.e. at once."""
    vault_path.write_bytes(rewrite_header(vault_path.read_bytes(), huge_memory))
    result = cli("list")
    assert "refusing Argon2id memory" in result.err
    assert derivations == []


def test_a_second_writer_waits_for_the_first_with_a_message(cli, vault_path: Path, password_file: Path) -> None:
    """Not refused at once: while another session saves, the second ``add`` says who holds the
    vault, waits, then writes."""
    from tuiauth.core.vault import Vault

    from .helpers import PASSWORD, run_process, tuiauth_command

    assert cli("add", "--issuer", "First", "--secret", "JBSWY3DPEHPK3PXP").code == 0
    holder = Vault.open(vault_path, password=PASSWORD, write=True)
    with contextlib.ExitStack() as saving:
        saving.enter_context(holder.writing())  # the first session is in the middle of a save
        reader = run_process("list", "--json", "--password-file", str(password_file))
        assert reader.returncode == 0, "reading needs no lock"
        argv = ["add", "--issuer", "Second", "--secret-file", "-", "--password-file", str(password_file)]
        second = subprocess.Popen(
            [tuiauth_command(), *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        with second:  # leaving the block closes its pipes and waits for it
            try:
                assert second.stdin is not None and second.stderr is not None
                second.stdin.write("JBSWY3DPEHPK3PXQ\n")
                second.stdin.close()
                told = second.stderr.readline()
                assert told.startswith(f"tuiauth: the vault is open for writing by another process (pid {os.getpid()}")
                assert told.rstrip().endswith("waiting for it to finish…")
            finally:
                saving.close()  # the first session's save ends
            assert second.stdout is not None and second.wait(timeout=60) == 0
            assert second.stdout.read() == "Added Second.\n"
    holder.close()
    assert [a["issuer"] for a in json.loads(cli("list", "--json").out)] == ["First", "Second"]
