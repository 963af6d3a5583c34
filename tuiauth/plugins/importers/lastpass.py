"""LastPass Authenticator's JSON export (no public sample: built from the app's documented format).

``{version, accounts: [{issuerName, userName, secret (base32), algorithm, digits, timeStep,
isFavorite, folderData: {folderId, position}}], folders: [{id, name}]}``. Folders become groups.
LastPass accounts are TOTP only.
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
    entry_label,
    guarded,
    head_text,
    integer,
    load_json,
    require_dict,
    require_list,
    text,
)

WHAT = "LastPass Authenticator"


def _folders(root: dict[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    folders = root.get("folders")
    for folder in folders if isinstance(folders, list) else []:
        if isinstance(folder, dict) and isinstance(folder.get("name"), str):
            folder_id = folder.get("id")
            if isinstance(folder_id, int | str) and not isinstance(folder_id, bool):
                names[str(folder_id)] = folder["name"]
    return names


def _draft(row: dict[str, Any], folders: dict[str, str]) -> AccountDraft:
    folder = row.get("folderData")
    groups: list[str] = []
    if isinstance(folder, dict):
        folder_id = folder.get("folderId")
        if isinstance(folder_id, int | str) and not isinstance(folder_id, bool) and str(folder_id) in folders:
            groups = [folders[str(folder_id)]]
    favourite = row.get("isFavorite", False)
    if not isinstance(favourite, bool):
        raise AccountError("'isFavorite' should be true or false")
    return AccountDraft(
        issuer=text(row, "issuerName") or text(row, "originalIssuerName"),
        name=text(row, "userName") or text(row, "originalUserName"),
        secret=b32decode(text(row, "secret")),
        algorithm=algorithm(row.get("algorithm")),
        digits=integer(row, "digits", 6),
        period=integer(row, "timeStep", 30),
        favourite=favourite,
        groups=groups,
    )


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    root = require_dict(load_json(data, WHAT), WHAT)
    if "accounts" not in root:
        raise ImportFormatError(f"this is not a {WHAT} export: it has no accounts list")
    rows = require_list(root["accounts"], WHAT, "accounts")
    folders = _folders(root)
    collector = EntryCollector()
    for index, row in enumerate(rows):
        issuer, name = (row.get("issuerName"), row.get("userName")) if isinstance(row, dict) else (None, None)
        with collector.entry(entry_label(issuer, name, index)):
            if not isinstance(row, dict):
                raise AccountError("the entry is not an object")
            collector.add(_draft(row, folders))
    return collector.result


def sniff(head: bytes, filename: str) -> float:
    text_head = head_text(head).lstrip()
    if text_head.startswith("{") and '"accounts"' in text_head and '"issuerName"' in text_head:
        return 0.95 if '"timeStep"' in text_head else 0.8
    return 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="lastpass",
            app="LastPass Authenticator",
            how="In LastPass Authenticator: Settings, Transfer accounts, Export accounts to file.",
            label="LastPass Authenticator export",
            sniff=sniff,
            parse=parse,
            patterns=("*.json",),
            description="LastPass Authenticator's JSON export (folders become groups).",
        )
    ]
