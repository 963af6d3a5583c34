"""Steam Guard: the Steam app's ``Steamguard-<steamid>`` file and single SDA/steamguard-cli maFiles.

Both are JSON objects holding ``shared_secret`` (base64 of the 20-byte TOTP key) and
``account_name``; the Steam app's newer layout wraps them as ``{"accounts": {<key>: {...}}}``. The
``uri`` field is ignored: test fixtures put a dummy secret there.
"""

from __future__ import annotations

from typing import Any

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b64decode

from ...hookspecs import hookimpl
from ...plugin_kit.errors import AccountError, ImportFormatError
from ...plugin_kit.importing import (
    EntryCollector,
    entry_label,
    guarded,
    has_suffix,
    head_text,
    load_json,
    require_dict,
    text,
)

WHAT = "Steam Guard"


def steam_draft(obj: dict[str, Any]) -> AccountDraft:
    """The Steam account of one maFile-shaped object (shared by the steamguard-cli importer)."""
    secret = obj.get("shared_secret")
    if not isinstance(secret, str) or not secret:
        raise AccountError("it has no shared_secret")
    return AccountDraft(
        issuer="Steam",
        name=text(obj, "account_name"),
        secret=b64decode(secret),
        type="steam",
        algorithm="SHA1",
        digits=5,
        period=30,
    )


def _accounts(root: dict[str, Any]) -> list[Any]:
    if "shared_secret" in root:
        return [root]
    accounts = root.get("accounts")
    if isinstance(accounts, dict) and accounts:
        return list(accounts.values())
    raise ImportFormatError(f"this is not a {WHAT} file: it has no shared_secret")


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    root = require_dict(load_json(data, WHAT), WHAT)
    collector = EntryCollector()
    for index, obj in enumerate(_accounts(root)):
        name = obj.get("account_name") if isinstance(obj, dict) else None
        label = entry_label("Steam", name, index)
        with collector.entry(label):
            if not isinstance(obj, dict):
                raise AccountError("the entry is not an object")
            collector.add(steam_draft(obj))
    return collector.result


def sniff(head: bytes, filename: str) -> float:
    text_head = head_text(head).lstrip()
    if not text_head.startswith("{") or '"shared_secret"' not in text_head:
        return 0.0
    if has_suffix(filename, ".mafile") or "steamguard-" in filename.lower():
        return 0.95
    return 0.85


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="steam",
            app="Steam",
            how="The Steam app's Steamguard-<steamid> file (root access), or one unencrypted maFile.",
            label="Steam Guard (Steam app file or maFile)",
            sniff=sniff,
            parse=parse,
            patterns=("Steamguard-*", "*.maFile", "*.json"),
            description="The Steam app's Steamguard-<id> file, or one plain SDA / steamguard-cli maFile.",
        )
    ]
