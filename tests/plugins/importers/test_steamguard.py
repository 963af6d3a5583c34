"""steamguard-cli / SDA maFiles folders as ZIPs, built here from the format's public description (no corpus sample).

The encryption is done with the ``cryptography`` library directly, independently of tuiauth's code.
"""

from __future__ import annotations

import base64
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.core.importing import detect_format, read_import_path
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.importers import steamguard

from .expected import aegis, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

SPEC = steamguard.tuiauth_importers()[0]
MAFILE = {"shared_secret": "THIl8+Jl6ugxr8x0X6eRMg==", "account_name": "Sophia", "steam_id": 1234}
SOPHIA = aegis("A7", issuer="Steam")


def _encrypt(plain: bytes, password: str, salt: bytes, iv: bytes, scheme: str) -> bytes:
    if scheme == "Argon2idAes256":
        kdf = Argon2id(salt=salt, length=32, iterations=3, lanes=12, memory_cost=12 * 1024)
    else:
        kdf = PBKDF2HMAC(algorithm=hashes.SHA1(), length=32, salt=salt, iterations=50_000)
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(kdf.derive(password.encode())), modes.CBC(iv)).encryptor()
    body = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
    return base64.b64encode(body)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _cli_folder(scheme: str | None, password: str = "hunter2") -> bytes:
    mafile = json.dumps(MAFILE).encode()
    encryption = None
    if scheme:
        salt, iv = os.urandom(16 if scheme == "Argon2idAes256" else 8), os.urandom(16)
        mafile = _encrypt(mafile, password, salt, iv, scheme)
        encryption = {"iv": base64.b64encode(iv).decode(), "salt": base64.b64encode(salt).decode(), "scheme": scheme}
    manifest = {"version": 1, "entries": [{"filename": "1234.maFile", "steam_id": 1234, "encryption": encryption}]}
    return _zip({"maFiles/manifest.json": json.dumps(manifest).encode(), "maFiles/1234.maFile": mafile})


def _sda_folder(password: str) -> bytes:
    salt, iv = os.urandom(8), os.urandom(16)
    mafile = _encrypt(json.dumps(MAFILE).encode(), password, salt, iv, "LegacySdaCompatible")
    entry = {
        "encryption_iv": base64.b64encode(iv).decode(),
        "encryption_salt": base64.b64encode(salt).decode(),
        "filename": "1234.maFile",
        "steamid": 1234,
    }
    manifest = {"encrypted": True, "first_run": False, "entries": [entry]}
    return _zip({"manifest.json": json.dumps(manifest).encode(), "1234.maFile": mafile})


def test_plain_folder() -> None:
    data = _cli_folder(None)
    assert SPEC.sniff(data, "maFiles.zip") >= 0.9
    assert not SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, None).drafts, SOPHIA)


@pytest.mark.parametrize("scheme", ["LegacySdaCompatible", "Argon2idAes256"])
def test_encrypted_steamguard_cli_folder(scheme: str) -> None:
    data = _cli_folder(scheme)
    assert SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, "hunter2").drafts, SOPHIA)
    with pytest.raises(ImportPasswordError, match="encrypted"):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "not it")


def test_encrypted_sda_folder() -> None:
    data = _sda_folder("passkey")
    assert SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, "passkey").drafts, SOPHIA)


def test_a_lone_encrypted_mafile_or_manifest_says_to_choose_the_folder() -> None:
    with pytest.raises(ImportFormatError, match="choose the whole maFiles folder"):
        SPEC.parse(base64.b64encode(os.urandom(64)), "x")
    with pytest.raises(ImportFormatError, match="choose the whole maFiles folder"):
        SPEC.parse(b'{"version": 1, "entries": []}', None)


@pytest.mark.parametrize("scheme", [None, "LegacySdaCompatible", "Argon2idAes256"])
def test_the_mafiles_folder_itself(tmp_path: Path, scheme: str | None) -> None:
    """``tuiauth import ~/.config/steamguard-cli/maFiles``: the folder as steamguard-cli leaves it."""
    folder = tmp_path / "maFiles"
    folder.mkdir()
    with zipfile.ZipFile(io.BytesIO(_cli_folder(scheme))) as archive:
        for name in archive.namelist():
            (folder / name.rsplit("/", 1)[-1]).write_bytes(archive.read(name))
    data = read_import_path(folder)
    assert detect_format(PluginManager().importers(), data, folder.name, warn=print).name == "steamguard-cli"
    assert SPEC.needs_password(data) is (scheme is not None)
    assert_accounts(SPEC.parse(data, "hunter2" if scheme else None).drafts, SOPHIA)


def test_a_listed_but_missing_mafile_is_a_problem() -> None:
    manifest = {"version": 1, "entries": [{"filename": "gone.maFile", "encryption": None}]}
    result = SPEC.parse(_zip({"manifest.json": json.dumps(manifest).encode()}), None)
    assert result.drafts == [] and "lacks it" in result.problems[0].reason


@FUZZ
@given(data=st.data())
def test_fuzz_folder_bytes(data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(_cli_folder(None))), None)


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, data, "x", "a.maFile")


def test_too_many_encrypted_mafiles_are_refused_before_deriving() -> None:
    encryption = {"iv": "AAAAAAAAAAAAAAAAAAAAAA==", "salt": "AAAAAAAAAAA=", "scheme": "Argon2idAes256"}
    entries = [{"filename": f"{i}.maFile", "encryption": encryption} for i in range(steamguard.MAX_ENCRYPTED_FILES + 1)]
    data = _zip({"manifest.json": json.dumps({"version": 1, "entries": entries}).encode()})
    with pytest.raises(ImportFormatError, match="more than"):
        SPEC.parse(data, "pw")
