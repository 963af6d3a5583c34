"""Stratum / Authenticator Pro account rows (shared by the backup and internal-database importers).

Type: 1 HOTP, 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex. Algorithm: 0 SHA1, 1 SHA256, 2 SHA512.
Categories are linked to accounts by **secret**.
"""

from __future__ import annotations

from typing import Any

from tuiauth import AccountDraft
from tuiauth.plugin_kit.encoding import b32decode, hexdecode

from ...plugin_kit.errors import AccountError
from ...plugin_kit.importing import EntryCollector, entry_label, integer, text

_TYPES = {1: "hotp", 2: "totp", 3: "motp", 4: "steam", 5: "yandex"}
_ALGORITHMS = {0: "SHA1", 1: "SHA256", 2: "SHA512"}


def stratum_draft(row: dict[str, Any], groups: list[str]) -> AccountDraft:
    """One account from a row whose keys are the backup's field names, lower-cased."""
    kind = _TYPES.get(integer(row, "type", 2))
    if kind is None:
        raise AccountError(f"unknown Stratum account type {row.get('type')!r}")
    secret_text = text(row, "secret")
    draft = AccountDraft(
        issuer=text(row, "issuer"),
        name=text(row, "username"),
        type=kind,
        digits=integer(row, "digits", 6),
        period=integer(row, "period", 30),
        counter=integer(row, "counter", 0) if kind == "hotp" else 0,
        groups=groups,
    )
    if kind == "motp":
        draft.secret, draft.algorithm, draft.period = hexdecode(secret_text), "MD5", 10
    else:
        algorithm = _ALGORITHMS.get(integer(row, "algorithm", 0))
        if algorithm is None:
            raise AccountError(f"unknown Stratum algorithm {row.get('algorithm')!r}")
        draft.secret, draft.algorithm = b32decode(secret_text), algorithm
    if kind in ("motp", "yandex"):
        pin = text(row, "pin")
        if not pin:
            raise AccountError(f"the {kind} account has no PIN")
        draft.extra = {"pin": pin}
    return draft


def add_rows(collector: EntryCollector, rows: list[Any], groups_by_secret: dict[str, list[str]]) -> None:
    for index, raw in enumerate(rows):
        row = {str(k).lower(): v for k, v in raw.items()} if isinstance(raw, dict) else {}
        with collector.entry(entry_label(row.get("issuer"), row.get("username"), index)):
            if not row:
                raise AccountError("the entry is not an object")
            secret = row.get("secret")
            groups = groups_by_secret.get(secret, []) if isinstance(secret, str) else []
            collector.add(stratum_draft(row, list(groups)))


def groups_by_secret(categories: Any, links: Any) -> dict[str, list[str]]:
    """``{secret: [category names]}`` from the ``Categories``/``AuthenticatorCategories`` lists."""
    names: dict[str, str] = {}
    for category in categories if isinstance(categories, list) else []:
        if isinstance(category, dict):
            lowered = {str(k).lower(): v for k, v in category.items()}
            if isinstance(lowered.get("id"), str) and isinstance(lowered.get("name"), str):
                names[lowered["id"]] = lowered["name"]
    result: dict[str, list[str]] = {}
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict):
            lowered = {str(k).lower(): v for k, v in link.items()}
            category_id = lowered.get("categoryid")
            name = names.get(category_id) if isinstance(category_id, str) else None
            secret = lowered.get("authenticatorsecret")
            if name and isinstance(secret, str) and name not in result.setdefault(secret, []):
                result[secret].append(name)
    return result
