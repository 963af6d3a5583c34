"""Merging the settings that travel with the accounts, without ever replacing a local value.

A key missing locally is taken from the backup; lists gain the backup's items they lack (local order
first); dicts merge key by key; any other local value stays as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def merge_settings(local: Mapping[str, Any], backup: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The merged settings and the dotted names of the keys that are new or gained values."""
    merged = dict(local)
    added: list[str] = []
    for key, value in backup.items():
        if key not in merged:
            merged[key] = value
            added.append(key)
            continue
        mine = merged[key]
        if isinstance(mine, list) and isinstance(value, list):
            extra = [v for v in value if v not in mine]
            if extra:
                merged[key] = [*mine, *extra]
                added.append(key)
        elif isinstance(mine, dict) and isinstance(value, dict):
            inner, inner_added = merge_settings(mine, value)
            if inner_added:
                merged[key] = inner
                added.extend(f"{key}.{name}" for name in inner_added)
    return merged, added
