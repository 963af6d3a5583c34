"""WinAuth's text export: one ``otpauth://`` URI per line, optionally inside a ZipCrypto ZIP.

WinAuth writes the authenticator's name as the label, with ``issuer=`` when it knows one. A line
without any issuer carries only WinAuth's display name (``Google``, ``Steam``…), which names the
service, so it becomes the issuer. Steam lines carry a dummy ``secret`` and the whole maFile JSON
in ``data``; the real key is its ``shared_secret``. Unlike Aegis (which puts
the account into the issuer and "WinAuth" into the name), a line with both parts keeps both.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus

from tuiauth import AccountDraft, ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit.errors import AccountError, ImportFormatError
from ...plugin_kit.importing import (
    EntryCollector,
    answers_false_on_error,
    decode_text,
    guarded,
    has_suffix,
    head_text,
    load_json,
    require_dict,
)
from ...plugin_kit.otpauth import parse_uri
from ._methods import key_uri_methods
from ._urilines import line_label, numbered_lines
from ._zip import is_zip, read_zip, zip_is_encrypted, zip_names
from .steam import steam_draft

WHAT = "WinAuth"
_DATA = re.compile(r"[?&]data=([^&]*)", re.IGNORECASE)
_STEAM_NAME = re.compile(r"^otpauth://[^/]*/(?:Steam(?::|%3A))?([^?]*)", re.IGNORECASE)


def _steam_line(line: str, data: str) -> AccountDraft:
    for decode in (unquote, unquote_plus):
        try:
            mafile = require_dict(load_json(decode(data), "WinAuth Steam data"), "WinAuth Steam data")
            break
        except ImportFormatError:
            continue
    else:
        raise AccountError("its Steam data is not a maFile")
    draft = steam_draft(mafile)
    if not draft.name:
        match = _STEAM_NAME.match(line)
        draft.name = unquote(match.group(1)).strip() if match else ""
    return draft


def _line_draft(line: str) -> AccountDraft:
    data = _DATA.search(line)
    if data:
        return _steam_line(line, data.group(1))
    draft = parse_uri(line, key_uri_methods())
    if not draft.issuer:
        draft.issuer, draft.name = draft.name, ""
    return draft


def _text(data: bytes, password: str | None) -> str:
    if not is_zip(data):
        return decode_text(data, WHAT)
    files = read_zip(data, WHAT, password)
    texts = [content for name, content in sorted(files.items()) if has_suffix(name, ".txt")]
    if not texts:
        raise ImportFormatError(f"this ZIP is not a {WHAT} export: it holds no .txt file")
    return "\n".join(decode_text(content, WHAT) for content in texts)


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    collector = EntryCollector()
    uri_lines = 0
    for number, line in numbered_lines(_text(data, password), WHAT):
        label = line_label(number, line)
        if not line[:16].lower().startswith("otpauth://"):
            collector.skip(label, "not an otpauth:// URI")
            continue
        uri_lines += 1
        with collector.entry(label):
            collector.add(_line_draft(line))
    if not uri_lines:
        raise ImportFormatError(f"this is not a {WHAT} export: no line is an otpauth:// URI")
    return collector.result


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    return is_zip(data) and zip_is_encrypted(data, WHAT)


def sniff(head: bytes, filename: str) -> float:
    named = "winauth" in filename.lower()
    if is_zip(head):
        try:
            names = zip_names(head, WHAT)
        except ImportFormatError:
            return 0.6 if named else 0.0
        only_text = len(names) == 1 and has_suffix(names[0], ".txt") and names[0] != "Accounts.txt"
        return 0.6 if named or only_text else 0.0
    text_head = head_text(head).lstrip()
    if not text_head.lower().startswith("otpauth://"):
        return 0.0
    if named or "&icon=" in text_head or _DATA.search(text_head[:65536]):
        return 0.85
    return 0.3


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="winauth",
            app="WinAuth",
            how="In WinAuth: Export, as a text file (optionally in a password-protected ZIP).",
            label="WinAuth text export",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("*.txt", "*.zip"),
            description="WinAuth's otpauth text export (Steam lines included), plain or in a password ZIP.",
        )
    ]
