"""Raivo OTP exports.

The export is a ZIP holding ``raivo-otp-export.json`` (and an HTML copy). The JSON is an array of
objects whose values are **all strings**: ``issuer, account, secret, algorithm, digits, kind
("TOTP"/"HOTP"), timer, counter, pinned ("true"/"false")``. Raivo encrypts the ZIP entries with WinZip AES
(read by ``_winzip_aes``) under the password the user chose when exporting; the JSON alone, or an
unencrypted / ZipCrypto ZIP, imports too.
"""

from __future__ import annotations

from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode

from ...hookspecs import hookimpl
from ...plugin_kit.errors import AccountError, ImportFormatError
from ...plugin_kit.importing import (
    EntryCollector,
    algorithm,
    answers_false_on_error,
    entry_label,
    guarded,
    head_text,
    integer,
    load_json,
    require_list,
    text,
)
from ._zip import is_zip, read_zip, zip_is_encrypted

WHAT = "Raivo OTP"
JSON_NAME = "raivo-otp-export.json"
_KINDS = {"TOTP": "totp", "HOTP": "hotp"}


def _draft(row: dict[str, Any]) -> AccountDraft:
    kind = _KINDS.get(text(row, "kind", "TOTP").upper())
    if kind is None:
        raise AccountError(f"unknown Raivo kind {text(row, 'kind')[:20]!r}")
    pinned = text(row, "pinned", "false").lower()
    if pinned not in ("true", "false"):
        raise AccountError('\'pinned\' should be "true" or "false"')
    return AccountDraft(
        issuer=text(row, "issuer"),
        name=text(row, "account"),
        secret=b32decode(text(row, "secret")),
        type=kind,
        algorithm=algorithm(row.get("algorithm")),
        digits=integer(row, "digits", 6),
        period=integer(row, "timer", 30),
        counter=integer(row, "counter", 0) if kind == "hotp" else 0,
        favourite=pinned == "true",
    )


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    if is_zip(data):
        files = read_zip(data, WHAT, password, {JSON_NAME})
        if not files:
            raise ImportFormatError(f"this ZIP is not a {WHAT} export: it has no {JSON_NAME}")
        data = next(iter(files.values()))
    rows = require_list(load_json(data, WHAT), WHAT, "the top level")
    collector = EntryCollector()
    for index, row in enumerate(rows):
        issuer, name = (row.get("issuer"), row.get("account")) if isinstance(row, dict) else (None, None)
        with collector.entry(entry_label(issuer, name, index)):
            if not isinstance(row, dict):
                raise AccountError("the entry is not an object")
            collector.add(_draft(row))
    return collector.result


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    if not is_zip(data):
        return False
    try:
        return zip_is_encrypted(data, WHAT)
    except ImportFormatError:
        return False


def sniff(head: bytes, filename: str) -> float:
    if is_zip(head):
        return 0.95 if JSON_NAME.encode() in head[:4096] or "raivo" in filename.lower() else 0.0
    text_head = head_text(head).lstrip()
    if text_head.startswith("[") and '"kind"' in text_head and '"timer"' in text_head:
        return 0.9
    return 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="raivo",
            app="Raivo OTP",
            how="In Raivo: Settings, Export OTPs to ZIP archive; give the ZIP's password.",
            label="Raivo OTP export",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("*.zip", "raivo-otp-export.json"),
            description="Raivo OTP's export ZIP (WinZip AES, with its password) or raivo-otp-export.json.",
        )
    ]
