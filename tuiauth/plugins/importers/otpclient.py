"""OTPClient's encrypted database (``*.enc``, e.g. ``otpclient-db.enc``), all three layouts.

OTPClient's JSON exports are other apps' formats (Aegis, FreeOTP+ URI list, andOTP, 2FAS,
Authenticator Pro) and are read by those importers; this module reads the database itself.
Every layout ends with the AES-256-GCM ciphertext and its 16-byte tag, under a 16-byte IV, with the
whole header as associated data; the plaintext is a JSON list of tokens ``{type: TOTP|HOTP, label
(the account), issuer, secret (base32), digits, algo, period | counter, group?}``. OTPClient shows a
TOTP token whose issuer is "Steam" as a Steam code.

* **v1** (OTPClient up to 3.x, Debian's otpclient 3.1.4): ``IV (16) ‖ salt (32)``, no magic number.
  Key = PBKDF2-HMAC-SHA512(password, salt, 100,000, 32). OTPClient passes the password's length
  in *characters* plus one: for a non-ASCII password only that many UTF-8 bytes, so both that and
  the whole password are tried.
* **v2**: ``"OTPClient" ‖ 3 zero bytes ‖ version 2 (int32, little-endian) ‖ IV (16) ‖ salt (32) ‖
  passes ‖ memory (KiB) ‖ lanes`` (int32 little-endian each, 76 bytes). Key = Argon2id(password,
  salt, those parameters, 32).
* **v3**: ``"OTPClient" ‖ version 3 (big-endian u32) ‖ IV ‖ salt ‖ passes ‖ memory (KiB) ‖ lanes``
  (big-endian u32 each, 73 bytes). Key as v2.

Argon2 parameters come from the file: OTPClient's own bounds (1 to 64 passes, 8 MiB to 1 GiB, 1 to
16 lanes) and tuiauth's import cap on work (memory × passes at most 1 GiB × 4,
``crypto.argon2id_import``) are checked before deriving (``ImportParametersError``).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.encoding import b32decode
from ...plugin_kit.errors import (
    AccountError,
    ImportFormatError,
    ImportParametersError,
    ImportPasswordError,
    UnsafeParametersError,
)
from ...plugin_kit.importing import (
    EntryCollector,
    algorithm,
    check_size,
    entry_label,
    guarded,
    has_suffix,
    integer,
    load_json,
    names,
    require_list,
    require_password,
    text,
)

WHAT = "OTPClient database"
MAGIC = b"OTPClient"
V1_HEADER, V2_HEADER, V3_HEADER = 48, 76, 73
TAG_SIZE = 16
V1_ITERATIONS = 100_000
MAX_PASSES, MIN_MEMORY_KIB, MAX_MEMORY_KIB, MAX_LANES = 64, 8 * 1024, 1024 * 1024, 16


def _layout(data: bytes) -> tuple[int, int, bytes, bytes, crypto.KdfParams | None]:
    """(version, header size, IV, salt, Argon2 parameters or None for v1)."""
    if not data.startswith(MAGIC):
        if len(data) < V1_HEADER + TAG_SIZE:
            raise ImportFormatError(f"this file is too short to be an {WHAT}")
        return 1, V1_HEADER, data[:16], data[16:48], None
    if len(data) >= 13 and struct.unpack_from(">I", data, 9)[0] == 3:
        size, fmt, at = V3_HEADER, ">3I", 13
    elif len(data) >= 16 and data[9:12] == b"\0\0\0" and struct.unpack_from("<i", data, 12)[0] == 2:
        size, fmt, at = V2_HEADER, "<3i", 16
    else:
        raise ImportFormatError(f"this {WHAT} has a version tuiauth does not know")
    if len(data) < size + TAG_SIZE:
        raise ImportFormatError(f"this {WHAT} is cut short")
    passes, memory, lanes = struct.unpack_from(fmt, data, at + 48)
    if not (1 <= passes <= MAX_PASSES and MIN_MEMORY_KIB <= memory <= MAX_MEMORY_KIB and 1 <= lanes <= MAX_LANES):
        raise ImportParametersError(
            f"this {WHAT} asks Argon2id for {passes} passes, {memory // 1024} MiB and {lanes} lanes; tuiauth (like "
            f"OTPClient) allows 1 to {MAX_PASSES} passes, 8 MiB to 1 GiB and 1 to {MAX_LANES} lanes"
        )
    version = 3 if size == V3_HEADER else 2
    return version, size, data[at : at + 16], data[at + 16 : at + 48], crypto.KdfParams(memory, passes, lanes)


def _password_forms(password: str) -> Iterator[bytes]:
    """The password as OTPClient may have derived with it: whole, then cut to characters + 1 bytes."""
    whole = password.encode("utf-8")
    yield whole
    legacy = whole[: len(password) + 1]
    if legacy != whole:
        yield legacy


def decrypt(data: bytes, password: str) -> bytes:
    check_size(data, WHAT)
    version, size, iv, salt, params = _layout(data)
    header, body = data[:size], data[size:]
    for secret in _password_forms(password):
        try:
            if params is None:
                key = crypto.pbkdf2(secret, salt, V1_ITERATIONS, "sha512")
            else:
                key = crypto.argon2id_import(secret, salt, params)
            return crypto.aes_gcm_decrypt(key, iv, body, header)
        except crypto.DecryptionError:
            continue
        except UnsafeParametersError as exc:
            raise ImportParametersError(f"this {WHAT} cannot be opened: {exc.message}") from None
    hint = "" if version > 1 else " (or the file is not an OTPClient database)"
    raise ImportPasswordError(f"the password is wrong for this {WHAT}{hint}")


def _token(raw: Any) -> AccountDraft:
    if not isinstance(raw, dict):
        raise AccountError("the token is not an object")
    kind = text(raw, "type", "TOTP").lower()
    if kind not in ("totp", "hotp"):
        raise AccountError(f"unknown token type {kind[:20]!r}")
    issuer = text(raw, "issuer")
    steam = kind == "totp" and issuer.casefold() == "steam"
    return AccountDraft(
        issuer=issuer,
        name=text(raw, "label"),
        secret=b32decode(text(raw, "secret")),
        type="steam" if steam else kind,
        algorithm="SHA1" if steam else algorithm(raw.get("algo")),
        digits=5 if steam else integer(raw, "digits", 6),
        period=integer(raw, "period", 30),
        counter=integer(raw, "counter", 0) if kind == "hotp" else 0,
        groups=names([raw.get("group")]),
    )


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    plain = decrypt(data, require_password(password, WHAT))
    tokens = require_list(load_json(plain, WHAT), WHAT, "tokens")
    collector = EntryCollector()
    for index, raw in enumerate(tokens):
        fields = raw if isinstance(raw, dict) else {}
        with collector.entry(entry_label(fields.get("issuer"), fields.get("label"), index)):
            collector.add(_token(raw))
    return collector.result


def needs_password(data: bytes) -> bool:
    """Every OTPClient database is encrypted (a v1 file has no magic number: anything not JSON)."""
    return data.startswith(MAGIC) or data.lstrip()[:1] not in (b"{", b"[", b"")


def sniff(head: bytes, filename: str) -> float:
    if head.startswith(MAGIC):
        return 0.99
    if has_suffix(filename, ".enc") and len(head) >= V1_HEADER + TAG_SIZE and head[:1] not in (b"{", b"["):
        return 0.4  # a v1 database: nothing but the name tells
    return 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="otpclient",
            label="OTPClient database (.enc)",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("*.enc",),
            description="OTPClient's encrypted database (any version); its JSON exports are read as Aegis, "
            "FreeOTP+, andOTP, 2FAS or Authenticator Pro files.",
            app="OTPClient",
            how="Pick OTPClient's database file (the .enc file it opens, e.g. otpclient-db.enc) and give its "
            "password; or export from OTPClient as Aegis (plain JSON) and import that file.",
        )
    ]
