"""andOTP backups: a plain JSON array, or AES-GCM encrypted in one of two layouts.

* current (``.json.aes``): ``iterations (u32 BE) ‖ salt (12) ‖ nonce (12) ‖ ciphertext ‖ tag``,
  key = PBKDF2-HMAC-SHA1(password, salt, iterations, 32);
* old: ``nonce (12) ‖ ciphertext ‖ tag``, key = SHA-256(password).

Neither has a magic number, so an encrypted file is "not JSON"; the old layout is tried first (it
costs one hash), then the current one when its iteration count is plausible.

mOTP secrets are stored as the hex text mOTP uses (``"abcdef0123456789"``), not base32.

Old exports have no ``issuer`` field and label entries ``"Issuer - Issuer:account"`` (``"Deno -
Deno:Mason"``): the label is split at ``" - "`` and the repeated ``Issuer:`` prefix dropped, so the
account is issuer ``Deno``, name ``Mason``, as in newer exports.
"""

from __future__ import annotations

from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode, hexdecode

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import AccountError, ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import (
    EntryCollector,
    algorithm,
    answers_false_on_error,
    check_size,
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

WHAT = "andOTP"
_NONCE, _SALT, _TAG = 12, 12, 16
#: andOTP picks a random count around 140 000; Aegis refuses anything above 10 million.
_MIN_ITERATIONS, _MAX_ITERATIONS = 1_000, crypto.MAX_PBKDF2_ITERATIONS
_KNOWN_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04", b"SQLite format 3", b"\xac\xed\x00\x05")
_TYPES = {"TOTP": "totp", "HOTP": "hotp", "STEAM": "steam", "MOTP": "motp"}


def _is_json_array(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"[")


def sniff(head: bytes, filename: str) -> float:
    start = head_text(head)[:4096]
    if _is_json_array(head) and '"secret"' in start and '"label"' in start and '"type"' in start:
        return 0.9
    if has_suffix(filename, ".json.aes"):
        return 0.8
    if len(head) >= 4 + _SALT + _NONCE + _TAG and _MIN_ITERATIONS <= int.from_bytes(head[:4], "big") <= _MAX_ITERATIONS:
        return 0.4  # binary data starting with a plausible PBKDF2 iteration count
    if has_suffix(filename, ".aes"):
        return 0.2
    return 0.1 if _opaque_binary(head) else 0.0


def _opaque_binary(head: bytes) -> bool:
    """Bytes that are neither text nor a known container: possibly an old andOTP backup, which has
    no header at all (a last-resort guess, below any format that recognises its own magic)."""
    if len(head) < _NONCE + _TAG or head.startswith(_KNOWN_MAGIC):
        return False
    sample = head[:256]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(sample) - 3  # not just a character cut at the end of the sample
    return False


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    return not _is_json_array(data)


def _decrypt(data: bytes, password: str) -> bytes:
    secret = password.encode("utf-8")
    if len(data) >= _NONCE + _TAG:
        try:
            return crypto.aes_gcm_decrypt(crypto.sha256(secret), data[:_NONCE], data[_NONCE:])
        except crypto.DecryptionError:
            pass
    header = 4 + _SALT + _NONCE
    iterations = int.from_bytes(data[:4], "big") if len(data) >= 4 else 0
    if len(data) < header + _TAG or not _MIN_ITERATIONS <= iterations <= _MAX_ITERATIONS:
        raise ImportPasswordError("the password is wrong for this andOTP backup (or it is not an andOTP backup)")
    with decrypting(WHAT):
        key = crypto.pbkdf2(secret, data[4 : 4 + _SALT], iterations, "sha1")
        return crypto.aes_gcm_decrypt(key, data[4 + _SALT : header], data[header:])


def _entry(raw: dict[str, Any]) -> AccountDraft:
    kind = _TYPES.get(text(raw, "type", "TOTP").upper())
    if kind is None:
        raise AccountError(f"unsupported andOTP type {text(raw, 'type')[:20]!r}")
    issuer, name = text(raw, "issuer"), text(raw, "label")
    if not issuer and " - " in name:  # very old exports: "Issuer - account" in the label
        issuer, name = (part.strip() for part in name.split(" - ", 1))
    if issuer and name.startswith(issuer + ":"):  # old exports repeat the issuer: "Deno:Mason"
        name = name[len(issuer) + 1 :].strip()
    draft = AccountDraft(
        issuer=issuer,
        name=name,
        secret=hexdecode(text(raw, "secret")) if kind == "motp" else b32decode(text(raw, "secret")),
        type=kind,
        algorithm=algorithm(raw.get("algorithm"), "MD5" if kind == "motp" else "SHA1"),
        digits=integer(raw, "digits", 5 if kind == "steam" else 6),
        period=integer(raw, "period", 10 if kind == "motp" else 30),
        counter=integer(raw, "counter", 0) if kind == "hotp" else 0,
        groups=names(raw.get("tags")),
    )
    if kind == "motp" and text(raw, "pin"):
        draft.extra["pin"] = text(raw, "pin")
    return draft


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    check_size(data, WHAT)
    if not _is_json_array(data):
        data = _decrypt(data, require_password(password, WHAT))
        if not _is_json_array(data):
            raise ImportFormatError("this andOTP backup decrypted to something that is not an account list")
    entries = require_list(load_json(data, WHAT), WHAT, "the top level")
    collector = EntryCollector()
    for index, raw in enumerate(entries):
        label = entry_label(raw.get("issuer"), raw.get("label"), index) if isinstance(raw, dict) else ""
        with collector.entry(label or f"entry {index + 1}"):
            collector.add(_entry(require_dict(raw, WHAT)))
    return collector.result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="andotp",
            app="andOTP",
            how="In andOTP: Backups, then a plain (.json) or encrypted (.json.aes) backup.",
            label="andOTP (plain JSON or encrypted .json.aes)",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("otp_accounts*.json", "otp_accounts*.json.aes", "*.json.aes"),
            description="andOTP backups: plain, password-encrypted, and the old SHA-256-keyed format.",
        )
    ]
