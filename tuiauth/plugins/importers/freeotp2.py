"""FreeOTP 2.x backups (``externalBackup.xml``): a Java-serialised
``HashMap<String, String>`` holding ``masterKey``, and per token ``<uuid>`` (the encrypted secret) and
``<uuid>-token`` (the token JSON, defaults omitted).

Decryption: PBKDF2 (``mAlgorithm``: HMAC-SHA1 or HMAC-SHA512) of the password with ``mSalt`` and
``mIterations`` unwraps the master key with AES-GCM, AAD = the key object's ``mToken``; each secret is
AES-GCM under the master key, AAD = its own ``mToken``. The 12-byte nonce sits in ``mParameters``:
DER ``SEQUENCE { OCTET STRING nonce, INTEGER tagLength }``, or a bare ``OCTET STRING`` on old Android.
"""

from __future__ import annotations

from typing import Any

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import AccountError, ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import (
    EntryCollector,
    check_size,
    decrypting,
    entry_label,
    guarded,
    integer,
    load_json,
    require_dict,
    require_password,
    text,
)
from ._freeotp import java_bytes, token_draft
from ._javaser import MAGIC, read_string_map

WHAT = "FreeOTP backup"
_KDF_HASHES = {"PBKDF2WITHHMACSHA1": "sha1", "PBKDF2WITHHMACSHA256": "sha256", "PBKDF2WITHHMACSHA512": "sha512"}
_TOKEN_SUFFIX = "-token"  # noqa: S105 - a map key suffix, not a password


def sniff(head: bytes, filename: str) -> float:
    return 0.95 if head.startswith(MAGIC) and b"java.util.HashMap" in head[:64] else 0.0


def needs_password(data: bytes) -> bool:
    return data.startswith(MAGIC)


def _nonce(parameters: bytes) -> bytes:
    """The GCM nonce from DER ``SEQUENCE {OCTET STRING, INTEGER}`` or a bare ``OCTET STRING``."""
    if len(parameters) >= 2 and parameters[0] == 0x30 and parameters[1] == len(parameters) - 2:
        parameters = parameters[2:]
    if len(parameters) >= 2 and parameters[0] == 0x04 and 12 <= parameters[1] <= len(parameters) - 2:
        return parameters[2 : 2 + parameters[1]]
    raise AccountError("the encryption parameters are not a DER nonce")


def _decrypt(key: bytes, encrypted: dict[str, Any]) -> bytes:
    ciphertext = java_bytes(encrypted.get("mCipherText"), "ciphertext")
    nonce = _nonce(java_bytes(encrypted.get("mParameters"), "encryption parameters"))
    aad = text(encrypted, "mToken").encode("utf-8")
    return crypto.aes_gcm_decrypt(key, nonce, ciphertext, aad)


def _master_key(entries: dict[str, str], password: str) -> bytes:
    if "masterKey" not in entries:
        raise ImportFormatError("this FreeOTP backup has no masterKey")
    master = require_dict(load_json(entries["masterKey"], WHAT), WHAT)
    hash_name = _KDF_HASHES.get(text(master, "mAlgorithm").upper())
    if hash_name is None:
        raise ImportFormatError(f"unsupported FreeOTP key derivation {text(master, 'mAlgorithm')[:30]!r}")
    encrypted = require_dict(master.get("mEncryptedKey"), WHAT)
    with decrypting(WHAT):
        salt = java_bytes(master.get("mSalt"), "salt")
        key = crypto.pbkdf2(password.encode("utf-8"), salt, integer(master, "mIterations", 0), hash_name)
    try:
        return _decrypt(key, encrypted)
    except crypto.DecryptionError:
        raise ImportPasswordError("the password is wrong for this FreeOTP backup") from None
    except AccountError as exc:
        raise ImportFormatError(f"this FreeOTP backup's master key is malformed: {exc.message}") from None


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    check_size(data, WHAT)
    entries = read_string_map(data)
    master = _master_key(entries, require_password(password, WHAT))
    collector = EntryCollector()
    token_ids = [k[: -len(_TOKEN_SUFFIX)] for k in entries if k.endswith(_TOKEN_SUFFIX)]
    for index, token_id in enumerate(token_ids):
        try:
            token = require_dict(load_json(entries[token_id + _TOKEN_SUFFIX], WHAT), WHAT)
        except ImportFormatError:
            collector.skip(f"entry {index + 1}", "the token is not valid JSON")
            continue
        with collector.entry(entry_label(token.get("issuerExt"), token.get("label"), index)):
            if token_id not in entries:
                raise AccountError("the backup has no secret for this token")
            wrapper = require_dict(load_json(entries[token_id], WHAT), WHAT)
            key_object = require_dict(load_json(text(wrapper, "key"), WHAT), WHAT)
            try:
                secret = _decrypt(master, key_object)
            except crypto.DecryptionError:
                raise AccountError("the secret does not decrypt (the backup is damaged)") from None
            collector.add(token_draft(token, secret, stored_counter_is_last_used=False))
    return collector.result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="freeotp",
            app="FreeOTP",
            how="In FreeOTP 2: the menu's Backup writes externalBackup.xml; give the backup password.",
            label="FreeOTP 2.x backup (externalBackup.xml)",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("externalBackup.xml", "*.xml"),
            description="FreeOTP 2.x encrypted backups (a Java-serialised file despite the .xml name).",
        )
    ]
