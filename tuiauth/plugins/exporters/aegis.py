"""Aegis-compatible vault JSON, plain or encrypted, so Aegis can import it.

Content version 3 (what Aegis writes today, and the newest it reads): entries with ``type, uuid,
name, issuer, note, favorite, icon, info, groups`` (group UUIDs) and a top-level ``groups`` list.
Encrypted: a random 32-byte master key encrypts the content with AES-256-GCM (``header.params`` =
nonce and tag, ``db`` = base64 ciphertext without the tag); one password slot (type 1) holds the
master key encrypted under ``scrypt(password, salt, N=2^15, r=8, p=1)`` with AES-256-GCM, exactly
the parameters Aegis writes.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from typing import Any

from tuiauth import Account, ExporterSpec
from tuiauth.plugin_kit.encoding import b32encode

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import ExportError
from ._accounts import refuse

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SALT_BYTES = 32
TAG_BYTES = 16
DB_VERSION = 3
_FIXED = {"steam": ("SHA1", 5), "motp": ("MD5", 6), "yandex": ("SHA256", 8)}
_TYPES = ("totp", "hotp", "steam", "motp", "yandex")


def _problem(account: Account) -> str | None:
    if account.type not in _TYPES:
        return f"Aegis has no {account.type!r} accounts"
    if account.type in ("motp", "yandex") and not account.extra.get("pin"):
        return f"a {account.type} account needs its PIN"
    return None


def _info(account: Account) -> dict[str, Any]:
    algorithm, digits = _FIXED.get(account.type, (account.algorithm, account.digits))
    info: dict[str, Any] = {"secret": b32encode(account.secret), "algo": algorithm, "digits": digits}
    if account.type == "hotp":
        info["counter"] = account.counter
    else:
        info["period"] = account.period
    if account.type in ("motp", "yandex"):
        info["pin"] = account.extra["pin"]
    return info


def vault_content(accounts: Sequence[Account]) -> dict[str, Any]:
    """The ``db`` object (content version 3); ExportError naming accounts Aegis cannot hold."""
    refuse("an Aegis vault", [(a, p) for a in accounts if (p := _problem(a)) is not None])
    group_ids: dict[str, str] = {}
    entries = []
    for account in accounts:
        groups = [group_ids.setdefault(name, str(uuid.uuid4())) for name in account.groups]
        entries.append(
            {
                "type": account.type,
                "uuid": str(uuid.uuid4()),
                "name": account.name,
                "issuer": account.issuer,
                "note": account.note,
                "favorite": account.favourite,
                "icon": None,  # Aegis writes icon_mime / icon_hash only with an icon
                "info": _info(account),
                "groups": groups,
            }
        )
    return {
        "version": DB_VERSION,
        "entries": entries,
        "groups": [{"uuid": gid, "name": name} for name, gid in group_ids.items()],
    }


def _gcm(key: bytes, plaintext: bytes) -> tuple[bytes, dict[str, str]]:
    """(ciphertext without tag, ``{nonce, tag}`` in hex) — Aegis stores the tag separately."""
    nonce, sealed = crypto.aes_gcm_encrypt(key, plaintext)
    return sealed[:-TAG_BYTES], {"nonce": nonce.hex(), "tag": sealed[-TAG_BYTES:].hex()}


def _dump(vault: dict[str, Any]) -> bytes:
    return json.dumps(vault, ensure_ascii=False, indent=4).encode("utf-8")


def export_plain(accounts: Sequence[Account], password: str | None) -> bytes:
    header = {"slots": None, "params": None}
    return _dump({"version": 1, "header": header, "db": vault_content(accounts)})


def export_encrypted(accounts: Sequence[Account], password: str | None) -> bytes:
    if not password:
        raise ExportError("an encrypted Aegis export needs a password")
    content = json.dumps(vault_content(accounts), ensure_ascii=False).encode("utf-8")
    master_key = crypto.random_bytes(32)
    salt = crypto.random_bytes(SALT_BYTES)
    kek = crypto.scrypt(password.encode("utf-8"), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    encrypted_key, key_params = _gcm(kek, master_key)
    slot = {
        "type": 1,
        "uuid": str(uuid.uuid4()),
        "key": encrypted_key.hex(),
        "key_params": key_params,
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "repaired": True,
        "is_backup": False,
    }
    body, params = _gcm(master_key, content)
    header = {"slots": [slot], "params": params}
    return _dump({"version": 1, "header": header, "db": base64.b64encode(body).decode("ascii")})


@hookimpl
def tuiauth_exporters() -> list[ExporterSpec]:
    return [
        ExporterSpec(
            name="aegis",
            label="Aegis vault (plain JSON)",
            export=export_plain,
            plaintext_secrets=True,
            extension=".json",
            description="An unencrypted Aegis vault export (aegis-export-plain); Aegis imports it.",
        ),
        ExporterSpec(
            name="aegis-encrypted",
            label="Aegis vault (encrypted JSON)",
            export=export_encrypted,
            plaintext_secrets=False,
            supports_password=True,
            extension=".json",
            description="An Aegis vault encrypted with a password (scrypt + AES-GCM, as Aegis writes it).",
        ),
    ]
