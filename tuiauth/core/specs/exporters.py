"""Exporters: write accounts in another app's format, or describe QR codes for a phone to scan."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..accounts import Account


@dataclass(frozen=True)
class QrBatch:
    """One QR code: the text it holds and the accounts in it."""

    text: str = field(repr=False)
    accounts: tuple[Account, ...]


@dataclass(frozen=True)
class QrExport:
    """QR codes to scan one after another, and the accounts left out with the reason for each.

    The exporter describes; the app and the command line draw (``tuiauth.core.qr``).
    """

    #: What the codes are, e.g. "Google Authenticator transfer".
    title: str
    #: How to scan them, one sentence.
    hint: str
    batches: list[QrBatch]
    skipped: list[tuple[Account, str]] = field(default_factory=list)


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
    #: ``qr(accounts)``: the QR codes to show on screen, each fitting an 80×24 terminal (formats
    #: meant to be scanned by a phone); None for formats that are only written to a file.
    qr: Callable[[Sequence[Account]], QrExport] | None = None
