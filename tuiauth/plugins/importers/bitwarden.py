"""Bitwarden exports: unencrypted JSON, CSV, and password-protected JSON.

Only login items with a TOTP value matter; everything else in a password-manager export is ignored
silently (it is not an authenticator entry). An item's folder becomes its group, ``favorite`` its
favourite mark. The Bitwarden Authenticator app writes the same ``items`` shape. The TOTP value may be an otpauth URI, ``steam://SECRET``
or a bare base32 secret; the item's name fills a missing issuer and its username a missing account.

Password-protected JSON: key = PBKDF2-HMAC-SHA256 (kdfType 0) or Argon2id with salt = SHA-256(salt)
and memory in MiB (kdfType 1) — the ``salt`` string is used as UTF-8 text — stretched with
HKDF-Expand into an encryption and a MAC key. Each value is an EncString ``2.iv|ciphertext|mac``
(AES-256-CBC, HMAC-SHA256 over iv‖ciphertext checked first). ``encKeyValidation_DO_NOT_EDIT``
checks the password before ``data`` (the unencrypted JSON) is decrypted. Account-restricted exports
(encrypted with the account key, no ``passwordProtected``) cannot be read from the file alone.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import itertools
from typing import Any

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import (
    MAX_ENTRIES,
    EntryCollector,
    answers_false_on_error,
    clean,
    decode_text,
    decrypting,
    entry_label,
    guarded,
    has_suffix,
    head_text,
    integer,
    load_json,
    names,
    require_dict,
    require_list,
    require_password,
    text,
)
from ...plugin_kit.otpauth import parse_otp_value
from ._methods import key_uri_methods

WHAT = "Bitwarden"
_CSV_HEADER = ("name", "login_username", "login_totp")


def sniff_json(head: bytes, filename: str) -> float:
    start = head_text(head)[:4096]
    if '"encrypted"' in start and ('"items"' in start or '"passwordProtected"' in start or '"data"' in start):
        return 0.9
    if '"items"' in start and '"login"' in start and '"totp"' in start:
        return 0.8  # Bitwarden Authenticator's export, which may lack "encrypted"
    return 0.3 if filename.lower().startswith("bitwarden_export") and has_suffix(filename, ".json") else 0.0


def sniff_csv(head: bytes, filename: str) -> float:
    first = head_text(head).partition("\n")[0].lower()
    return 0.9 if all(column in first for column in _CSV_HEADER) else 0.0


def _outer(data: bytes) -> dict[str, Any]:
    outer = require_dict(load_json(data, WHAT), WHAT)
    if not isinstance(outer.get("items"), list) and not ("encrypted" in outer and "data" in outer):
        raise ImportFormatError("this is not a Bitwarden export: it has no 'items'")
    return outer


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    return _outer(data).get("encrypted") is True


def _key(outer: dict[str, Any], password: str) -> tuple[bytes, bytes]:
    """(encryption key, MAC key) from the password and the export's KDF settings."""
    salt = text(outer, "salt").encode("utf-8")
    kdf_type = integer(outer, "kdfType", 0)
    iterations = integer(outer, "kdfIterations", 0)
    secret = password.encode("utf-8")
    with decrypting(WHAT):
        if kdf_type == 0:
            key = crypto.pbkdf2(secret, salt, iterations, "sha256")
        elif kdf_type == 1:
            params = crypto.KdfParams(
                memory_kib=integer(outer, "kdfMemory", 0) * 1024,
                iterations=iterations,
                lanes=integer(outer, "kdfParallelism", 0),
            )
            key = crypto.argon2id(secret, crypto.sha256(salt), params)
        else:
            raise ImportFormatError(f"unsupported Bitwarden key derivation type {kdf_type}")
        return crypto.hkdf_expand(key, b"enc"), crypto.hkdf_expand(key, b"mac")


def _decrypt_encstring(value: Any, enc_key: bytes, mac_key: bytes, field: str) -> bytes:
    kind, _, rest = value.partition(".") if isinstance(value, str) else ("", "", "")
    parts = rest.split("|")
    if kind != "2" or len(parts) != 3:
        raise ImportFormatError(f"this Bitwarden export's {field} is not a type-2 encrypted string")
    try:
        iv, ciphertext, mac = (base64.b64decode(p, validate=True) for p in parts)
    except (binascii.Error, ValueError):
        raise ImportFormatError(f"this Bitwarden export's {field} is not valid base64") from None
    if not crypto.constant_time_equal(crypto.hmac_digest(mac_key, iv + ciphertext, "sha256"), mac):
        raise ImportPasswordError("the password is wrong for this Bitwarden export (or the file is damaged)")
    with decrypting(WHAT):
        return crypto.aes_cbc_decrypt(enc_key, iv, ciphertext)


def _decrypt(outer: dict[str, Any], password: str | None) -> dict[str, Any]:
    if outer.get("passwordProtected") is not True:
        raise ImportFormatError(
            "this Bitwarden export is encrypted with your account key, which only Bitwarden can read: "
            "export again choosing 'Password protected' or an unencrypted format"
        )
    enc_key, mac_key = _key(outer, require_password(password, WHAT))
    _decrypt_encstring(outer.get("encKeyValidation_DO_NOT_EDIT"), enc_key, mac_key, "password check")
    inner = require_dict(load_json(_decrypt_encstring(outer.get("data"), enc_key, mac_key, "data"), WHAT), WHAT)
    if inner.get("encrypted") is not False:
        raise ImportFormatError("this Bitwarden export decrypted to another encrypted export")
    return inner


def _add(
    collector: EntryCollector,
    index: int,
    totp: str,
    item_name: str,
    username: str,
    *,
    folder: str = "",
    favourite: bool = False,
) -> None:
    with collector.entry(entry_label(item_name, username, index)):
        draft = parse_otp_value(totp, key_uri_methods(), default_issuer=clean(item_name), default_name=clean(username))
        draft.groups = names([folder])
        draft.favourite = favourite
        collector.add(draft)


@guarded(WHAT)
def parse_json(data: bytes, password: str | None) -> ImportResult:
    outer = _outer(data)
    if outer.get("encrypted") is True:
        outer = _decrypt(outer, password)
    items = require_list(outer.get("items"), WHAT, "items")
    folders = {
        f["id"]: f["name"]
        for f in outer.get("folders") or []
        if isinstance(f, dict) and isinstance(f.get("id"), str) and isinstance(f.get("name"), str)
    }
    collector = EntryCollector()
    for index, item in enumerate(items):
        login = item.get("login") if isinstance(item, dict) else None
        if not isinstance(login, dict) or not isinstance(login.get("totp"), str) or not login["totp"].strip():
            continue
        name = item["name"] if isinstance(item.get("name"), str) else ""
        username = login["username"] if isinstance(login.get("username"), str) else ""
        folder = folders.get(item["folderId"], "") if isinstance(item.get("folderId"), str) else ""
        _add(collector, index, login["totp"], name, username, folder=folder, favourite=item.get("favorite") is True)
    return collector.result


@guarded(WHAT)
def parse_csv(data: bytes, password: str | None) -> ImportResult:
    reader = csv.DictReader(io.StringIO(decode_text(data, WHAT), newline=""))
    collector = EntryCollector()
    try:
        if not reader.fieldnames or not all(column in reader.fieldnames for column in _CSV_HEADER):
            raise ImportFormatError("this is not a Bitwarden CSV export: it has no login_totp column")
        rows = list(itertools.islice(reader, MAX_ENTRIES + 1))
    except csv.Error:
        raise ImportFormatError("this Bitwarden CSV export is malformed") from None
    if len(rows) > MAX_ENTRIES:
        raise ImportFormatError(f"this Bitwarden CSV export has more than {MAX_ENTRIES} rows")
    for index, row in enumerate(rows):
        totp = row.get("login_totp") or ""
        if isinstance(totp, str) and totp.strip():
            _add(
                collector,
                index,
                totp,
                row.get("name") or "",
                row.get("login_username") or "",
                folder=row.get("folder") or "",
                favourite=(row.get("favorite") or "").strip() == "1",
            )
    return collector.result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="bitwarden",
            app="Bitwarden / Bitwarden Authenticator",
            how="In Bitwarden: Tools, Export vault, format .json or .json (Password protected); "
            "the account-restricted kind cannot be read.",
            label="Bitwarden JSON (plain or password protected)",
            sniff=sniff_json,
            parse=parse_json,
            needs_password=needs_password,
            patterns=("bitwarden_export*.json", "*.json"),
            description="Bitwarden or Bitwarden Authenticator JSON export; the TOTP of each login is imported.",
        ),
        ImporterSpec(
            name="bitwarden-csv",
            app="Bitwarden / Bitwarden Authenticator",
            how="In Bitwarden: Tools, Export vault, format .csv.",
            label="Bitwarden CSV",
            sniff=sniff_csv,
            parse=parse_csv,
            patterns=("bitwarden_export*.csv", "*.csv"),
            description="Bitwarden CSV export; the login_totp column is imported.",
        ),
    ]
