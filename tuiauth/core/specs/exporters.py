"""Exporters: write accounts in another app's format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..accounts import Account


@dataclass(frozen=True, kw_only=True)
class ExporterSpec:
    name: str
    label: str
    #: ``export(accounts, password)``; ``password`` is None for plain exports.
    export: Callable[[Sequence[Account], str | None], bytes]
    #: True when the output holds secrets in the clear (the user must confirm, the file is 0600).
    plaintext_secrets: bool = True
    supports_password: bool = False
    extension: str = ".txt"
    description: str = ""
