"""cotp backups and databases, built here by the format in ``tuiauth/plugins/importers/cotp.py``:
cotp is a Rust program in neither Debian nor PyPI, so no real program writes these files in the
tests. The encryption is done with the ``cryptography`` library and PyNaCl directly, independently of
tuiauth's code.
"""

from __future__ import annotations

import base64
import json
import os

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.core.importing import detect_format
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.importers import cotp

from .expected import Expected, assert_accounts
from .fuzzing import FUZZ, check_contract, json_mutated, mutated

SPEC = cotp.tuiauth_importers()[0]
PASSWORD = "pa$$w0rd"


def element(secret: str, issuer: str, label: str, kind: str, algorithm: str, **more: object) -> dict[str, object]:
    base = {"secret": secret, "issuer": issuer, "label": label, "digits": 6, "type": kind, "algorithm": algorithm}
    return {**base, "period": 30, "counter": None, "pin": None, **more}


ELEMENTS = [
    element("JBSWY3DPEHPK3PXP", "GitHub", "alice", "TOTP", "SHA1"),
    element("GEZDGNBVGY3TQOJQ", "ciccio", "label2", "HOTP", "SHA256", counter=3, digits=8),
    element("JRZCL47CMXVOQMNPZR2F7J4RGI", "Steam", "carol", "STEAM", "SHA1", digits=5),
    element("5OM4WOOGPLQEF6UGN3CPEOOLWU", "", "label1", "totp", "SHA512", period=60, digits=7),
    element("e3152afee62599c8", "mOTP", "dave", "MOTP", "MD5", period=10, pin="1234"),
    element("not base32!", "Broken", "erin", "TOTP", "SHA1"),
]
EXPECTED = [
    Expected("GitHub", "alice", "JBSWY3DPEHPK3PXP", "totp", "SHA1", 6, period=30),
    Expected("ciccio", "label2", "GEZDGNBVGY3TQOJQ", "hotp", "SHA256", 8, counter=3),
    Expected("Steam", "carol", "JRZCL47CMXVOQMNPZR2F7J4RGI", "steam", "SHA1", 5, period=30),
    Expected("", "label1", "5OM4WOOGPLQEF6UGN3CPEOOLWU", "totp", "SHA512", 7, period=60),
    Expected("mOTP", "dave", "4MKSV7XGEWM4Q", "motp", "MD5", 6, period=10),
]
PLAIN = json.dumps({"version": 2, "elements": ELEMENTS}).encode()


def encrypted(plain: bytes, password: str) -> bytes:
    """cotp's database: Argon2id (32 MiB, 4 passes, 4 lanes) and XChaCha20-Poly1305."""
    salt, nonce = os.urandom(16), os.urandom(24)
    key = Argon2id(salt=salt, length=32, iterations=4, lanes=4, memory_cost=32 * 1024).derive(password.encode())
    cipher = crypto_aead_xchacha20poly1305_ietf_encrypt(plain, None, nonce, key)
    fields = {"nonce": nonce, "salt": salt, "cipher": cipher}
    return json.dumps({"version": 1, **{k: base64.b64encode(v).decode() for k, v in fields.items()}}).encode()


def _check(result: object) -> None:
    drafts = result.drafts  # type: ignore[attr-defined]
    assert_accounts(drafts, EXPECTED)
    assert [d.extra for d in drafts if d.type == "motp"] == [{"pin": "1234"}]
    assert [p.entry for p in result.problems] == ["Broken (erin)"]  # type: ignore[attr-defined]


def test_plain_backup_version_2() -> None:
    assert detect_format(PluginManager().importers(), PLAIN, "exported.cotp", warn=print).name == "cotp"
    assert not SPEC.needs_password(PLAIN)
    _check(SPEC.parse(PLAIN, None))


def test_plain_backup_version_1_is_the_bare_list() -> None:
    data = json.dumps(ELEMENTS).encode()
    assert detect_format(PluginManager().importers(), data, "exported.cotp", warn=print).name == "cotp"
    _check(SPEC.parse(data, None))


def test_encrypted_database() -> None:
    data = encrypted(PLAIN, PASSWORD)
    assert detect_format(PluginManager().importers(), data, "db.cotp", warn=print).name == "cotp"
    assert SPEC.needs_password(data)
    _check(SPEC.parse(data, PASSWORD))
    with pytest.raises(ImportPasswordError, match="password is wrong"):
        SPEC.parse(data, "not it")
    with pytest.raises(ImportPasswordError, match="give its password"):
        SPEC.parse(data, None)


def test_damaged_encryption_fields() -> None:
    with pytest.raises(ImportFormatError, match="nonce"):
        SPEC.parse(b'{"version": 1, "nonce": "AAAA", "salt": "AAAA", "cipher": "AAAA"}', PASSWORD)
    with pytest.raises(ImportFormatError, match="not base64"):
        SPEC.parse(b'{"version": 1, "nonce": "!!", "salt": "AAAA", "cipher": "AAAA"}', PASSWORD)


@FUZZ
@given(data=st.data())
def test_fuzz_plain(data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated(PLAIN) | mutated(PLAIN)), None)


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 20))  # each example that parses derives a 32 MiB key
@given(data=st.data())
def test_fuzz_encrypted_fields(data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(json_mutated(encrypted(b"[]", PASSWORD))), PASSWORD)
