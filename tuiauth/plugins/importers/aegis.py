"""Aegis vault exports, plain and encrypted, content versions 1–3."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import (
    EntryCollector,
    algorithm,
    answers_false_on_error,
    decrypting,
    entry_label,
    guarded,
    has_suffix,
    head_text,
    integer,
    load_json,
    names,
    note,
    require_dict,
    require_list,
    require_password,
    text,
)

WHAT = "Aegis"
_PASSWORD_SLOT = 1
#: type → (default algorithm, default digits); Aegis' docs fix steam, motp and yandex.
_TYPES = {
    "totp": ("SHA1", 6),
    "hotp": ("SHA1", 6),
    "steam": ("SHA1", 5),
    "motp": ("MD5", 6),
    "yandex": ("SHA256", 8),
}
_PERIOD_DEFAULTS = {"motp": 10}
#: scrypt memory (128·N·r bytes) allowed for a slot: Aegis writes N=2^15, r=8 (32 MiB); 8x headroom.
_MAX_SCRYPT_MEMORY = 256 * 1024 * 1024
#: Each password slot costs one scrypt run; Aegis vaults have one (plus backup slots).
_MAX_PASSWORD_SLOTS = 8


def sniff(head: bytes, filename: str) -> float:
    start = head_text(head)[:4096]
    if '"header"' in start and '"slots"' in start and '"db"' in start:
        return 0.95
    if has_suffix(filename, ".json") and filename.lower().startswith(("aegis-export", "aegis-backup")):
        return 0.6
    return 0.0


def _outer(data: bytes) -> dict[str, Any]:
    outer = require_dict(load_json(data, WHAT), WHAT)
    if not isinstance(outer.get("header"), dict) or "db" not in outer:
        raise ImportFormatError("this is not an Aegis vault: it has no 'header' and 'db'")
    version = outer.get("version")
    if version != 1:
        raise ImportFormatError(f"unsupported Aegis vault version {str(version)[:10]!r} (tuiauth reads 1)")
    return outer


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    return isinstance(_outer(data).get("db"), str)


def _hex(value: Any, size: int | None, field: str) -> bytes:
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if not raw or (size is not None and len(raw) != size):
        raise ImportFormatError(f"this Aegis vault has a malformed {field}")
    return raw


def _nonce_and_tag(params: Any, field: str) -> tuple[bytes, bytes]:
    if not isinstance(params, dict):
        raise ImportFormatError(f"this Aegis vault has no {field}")
    return _hex(params.get("nonce"), 12, f"{field} nonce"), _hex(params.get("tag"), 16, f"{field} tag")


def _master_key(slots: list[Any], password: str) -> bytes:
    """Try every password slot: scrypt the password, then unwrap the master key with AES-GCM."""
    password_slots = [s for s in slots if isinstance(s, dict) and s.get("type") == _PASSWORD_SLOT]
    if len(password_slots) > _MAX_PASSWORD_SLOTS:
        raise ImportFormatError(
            f"this Aegis vault has {len(password_slots)} password slots: refusing over {_MAX_PASSWORD_SLOTS}"
        )
    if not password_slots:
        raise ImportFormatError(
            "this Aegis vault has no password slot (only biometric or raw keys): export it with a password"
        )
    for slot in password_slots:
        nonce, tag = _nonce_and_tag(slot.get("key_params"), "slot key")
        wrapped = _hex(slot.get("key"), 32, "slot key")
        salt = _hex(slot.get("salt"), None, "slot salt")
        n, r, p = (integer(slot, k, 0) for k in ("n", "r", "p"))
        if 128 * n * r > _MAX_SCRYPT_MEMORY:
            raise ImportFormatError(f"refusing this Aegis slot's scrypt parameters (N={n}, r={r}): too large")
        with decrypting(WHAT):
            kek = crypto.scrypt(password.encode("utf-8"), salt, n, r, p)
        try:
            return crypto.aes_gcm_decrypt(kek, nonce, wrapped + tag)
        except crypto.DecryptionError:
            continue
    raise ImportPasswordError("the password is wrong for this Aegis vault")


def _decrypt_db(outer: dict[str, Any], password: str) -> Any:
    header = outer["header"]
    slots = header.get("slots")
    if not isinstance(slots, list):
        raise ImportFormatError("this Aegis vault is encrypted but has no key slots")
    nonce, tag = _nonce_and_tag(header.get("params"), "vault parameters")
    try:
        ciphertext = base64.b64decode(outer["db"], validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError("this Aegis vault's 'db' is not valid base64") from None
    key = _master_key(slots, password)
    with decrypting(WHAT):
        plain = crypto.aes_gcm_decrypt(key, nonce, ciphertext + tag)
    return load_json(plain, WHAT)


def _group_names(db: dict[str, Any]) -> dict[str, str]:
    """Content version 3: ``{uuid: name}`` from the top-level ``groups`` list."""
    names: dict[str, str] = {}
    for group in db.get("groups") or []:
        if isinstance(group, dict) and isinstance(group.get("uuid"), str) and isinstance(group.get("name"), str):
            names[group["uuid"]] = group["name"]
    return names


def _entry(raw: dict[str, Any], group_names: dict[str, str]) -> AccountDraft:
    kind = text(raw, "type").lower()
    if kind not in _TYPES:
        raise ImportFormatError(f"unsupported Aegis entry type {kind[:20]!r}")
    info = raw.get("info")
    if not isinstance(info, dict):
        raise ImportFormatError("the entry has no 'info'")
    default_algo, default_digits = _TYPES[kind]
    if isinstance(raw.get("group"), str):
        groups = names([raw["group"]])
    else:
        groups = names([group_names.get(g) for g in raw.get("groups") or [] if isinstance(g, str)])
    extra = {"pin": text(info, "pin")} if kind in ("motp", "yandex") and text(info, "pin") else {}
    return AccountDraft(
        issuer=text(raw, "issuer"),
        name=text(raw, "name"),
        secret=b32decode(text(info, "secret")),
        type=kind,
        algorithm=algorithm(info.get("algo"), default_algo),
        digits=integer(info, "digits", default_digits),
        period=integer(info, "period", _PERIOD_DEFAULTS.get(kind, 30)),
        counter=integer(info, "counter", 0) if kind == "hotp" else 0,
        groups=groups,
        favourite=raw.get("favorite") is True,
        note=note(raw, "note"),
        extra=extra,
    )


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    outer = _outer(data)
    db = outer["db"]
    if isinstance(db, str):
        db = _decrypt_db(outer, require_password(password, WHAT))
    db = require_dict(db, WHAT)
    if integer(db, "version", 0) not in (1, 2, 3):
        raise ImportFormatError(f"unsupported Aegis content version {str(db.get('version'))[:10]!r}")
    entries = require_list(db.get("entries"), WHAT, "entries")
    group_names = _group_names(db)
    collector = EntryCollector()
    for index, raw in enumerate(entries):
        label = entry_label(raw.get("issuer"), raw.get("name"), index) if isinstance(raw, dict) else ""
        with collector.entry(label or f"entry {index + 1}"):
            collector.add(_entry(require_dict(raw, WHAT), group_names))
    return collector.result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="aegis",
            app="Aegis Authenticator",
            how="In Aegis: Settings, Import & Export, Export, format Aegis (.json), encrypted or not.",
            label="Aegis (plain or encrypted JSON)",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("aegis-export*.json", "aegis-backup*.json", "*.json"),
            description="Aegis Authenticator vault export; encrypted exports need the vault password.",
        )
    ]
