"""Importers: read another app's export into account drafts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..accounts import AccountDraft


@dataclass(frozen=True)
class ImportProblem:
    """One entry that was skipped, and why (bad base32, unknown algorithm…)."""

    entry: str
    reason: str


@dataclass
class ImportResult:
    drafts: list[AccountDraft] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def _never(data: bytes) -> bool:
    return False


@dataclass(frozen=True, kw_only=True)
class ImporterSpec:
    """``sniff(head, filename)`` returns a confidence from 0 (not mine) to 1 (certainly mine).

    ``parse(data, password)`` raises ``ImportFormatError`` (or ``ImportPasswordError`` for a missing or
    wrong password) for the whole file, and reports per-entry problems in the result instead of failing.

    ``parse_with_key_file(data, password, key_file_bytes)``, for formats opened by a key file too
    (KeePass). ``app`` names the app that writes the format (``tuiauth import --list`` groups by it)
    and ``how`` says which file to pick and how to make it in that app.
    """

    name: str
    label: str
    sniff: Callable[[bytes, str], float]
    parse: Callable[[bytes, str | None], ImportResult]
    needs_password: Callable[[bytes], bool] = _never
    patterns: tuple[str, ...] = ()
    description: str = ""
    parse_with_key_file: Callable[[bytes, str | None, bytes], ImportResult] | None = None
    app: str = ""
    how: str = ""
