"""Exporters: write accounts in another app's format, or describe QR codes for a phone to scan."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..accounts import Account


@dataclass(frozen=True)
class QrBatch:
    """One QR code of a ``QrExport``."""

    #: What the code holds (secrets included, so it is never shown in a ``repr``).
    text: str = field(repr=False)
    #: The accounts in it, named beside the code.
    accounts: tuple[Account, ...]


@dataclass(frozen=True)
class QrExport:
    """QR codes to scan one after another, and the accounts left out with the reason for each.

    The exporter describes; the app and the command line draw.
    """

    #: What the codes are, e.g. "Google Authenticator transfer".
    title: str
    #: How to scan them, one sentence.
    hint: str
    #: The codes, in the order they are shown.
    batches: list[QrBatch]
    #: Accounts the format cannot hold, each with the reason shown to the person.
    skipped: list[tuple[Account, str]] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class ExporterSpec:
    """An export format, returned by the ``tuiauth_exporters`` hook.

    The core asks which accounts and where, calls ``export`` in a worker thread and writes the bytes
    to a new file (never overwriting one).
    """

    name: str
    label: str
    #: ``export(accounts, password)`` → the file's bytes; ``password`` is None for plain exports.
    export: Callable[[Sequence[Account], str | None], bytes]
    #: True when the output holds secrets in the clear (the person must confirm before it is written).
    plaintext_secrets: bool = True
    #: True when ``export`` encrypts with a password the person chooses (the core asks for it).
    supports_password: bool = False
    #: The file name extension suggested for the output.
    extension: str = ".txt"
    description: str = ""
    #: ``qr(accounts)``: the QR codes to show on screen, each fitting an 80×24 terminal (formats
    #: meant to be scanned by a phone); None for formats that are only written to a file.
    qr: Callable[[Sequence[Account]], QrExport] | None = None
