"""Importers: read another app's export into account drafts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..accounts import AccountDraft


@dataclass(frozen=True)
class ImportProblem:
    """One entry that was skipped, and why (bad base32, unknown algorithm…)."""

    #: How the person finds the entry in the file ("GitHub (alice)", "line 7").
    entry: str
    #: Why it was skipped, one line, never quoting a secret.
    reason: str


@dataclass
class ImportResult:
    """What ``ImporterSpec.parse`` returns: the accounts read and the entries skipped."""

    #: The accounts read, in the file's order.
    drafts: list[AccountDraft] = field(default_factory=list)
    #: The entries skipped, each with its reason.
    problems: list[ImportProblem] = field(default_factory=list)


def _never(data: bytes) -> bool:
    return False


@dataclass(frozen=True, kw_only=True)
class ImporterSpec:
    """An import format, returned by the ``tuiauth_importers`` hook. Its callables run in a worker
    thread on untrusted bytes.
    """

    name: str
    label: str
    #: ``sniff(head, filename)`` → a confidence from 0 (not mine) to 1 (certainly mine), from the
    #: first 64 KiB of the file and its name; never raises.
    sniff: Callable[[bytes, str], float]
    #: ``parse(data, password)`` → an ``ImportResult``; raises ``ImportFormatError`` (or
    #: ``ImportPasswordError`` for a missing or wrong password) for the whole file, and reports
    #: per-entry problems in the result instead of failing.
    parse: Callable[[bytes, str | None], ImportResult]
    #: ``needs_password(data)``: whether the file is encrypted and a password must be asked for.
    needs_password: Callable[[bytes], bool] = _never
    #: What the format's files are usually called, as glob patterns (``aegis-export*.json``).
    patterns: tuple[str, ...] = ()
    description: str = ""
    #: ``parse_with_key_file(data, password, key_file_bytes)``, for formats opened by a key file too
    #: (KeePass); None for the others.
    parse_with_key_file: Callable[[bytes, str | None, bytes], ImportResult] | None = None
    #: The app that writes the format: ``tuiauth import --list`` groups the formats by it.
    app: str = ""
    #: Which file to pick and how to make it in that app (shown by ``tuiauth import --list``).
    how: str = ""
