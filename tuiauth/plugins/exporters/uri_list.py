"""The otpauth URI list (one Key URI per line, ``tuiauth.plugin_kit.otpauth.to_uri``, UTF-8), and the same
URIs as QR codes, one per account, that any authenticator app scans.

Every built-in method's accounts are written (totp, hotp, steam, motp). The list refuses an
account of any other type, naming it, rather than silently leaving it out; the QR codes leave it out
and list it, with any account whose code would not fit an 80×24 terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from tuiauth import Account, ExporterSpec
from tuiauth.plugin_kit.exporting import QrBatch, QrExport

from ...hookspecs import hookimpl
from ...plugin_kit import exporting
from ...plugin_kit.errors import AccountError
from ...plugin_kit.exporting import FIT, fits_terminal
from ...plugin_kit.otpauth import to_uri
from ..methods import builtin_methods
from ._accounts import refuse

QR_TITLE = "otpauth QR codes"
QR_HINT = "In the authenticator app on the phone: add an account by scanning a QR code, once per code."


def export(accounts: Sequence[Account], password: str | None) -> bytes:
    lines: list[str] = []
    failed = []
    for account in accounts:
        try:
            lines.append(to_uri(account, builtin_methods()))
        except AccountError as exc:
            failed.append((account, exc.message))
    refuse("otpauth URIs", failed)
    return "".join(line + "\n" for line in lines).encode("utf-8")


def qr_plan(accounts: Sequence[Account]) -> QrExport:
    """One QR code per account, each within 80×24 (the short URI form: defaults left out)."""
    batches: list[QrBatch] = []
    skipped: list[tuple[Account, str]] = []
    for account in accounts:
        try:
            uri = to_uri(account, builtin_methods(), short=True)
        except AccountError as exc:
            skipped.append((account, exc.message))
            continue
        if fits_terminal(uri):
            batches.append(QrBatch(uri, (account,)))
        else:
            skipped.append((account, f"its URI is too long for a QR code that fits {FIT[0]}×{FIT[1]}"))
    return QrExport(title=QR_TITLE, hint=QR_HINT, batches=batches, skipped=skipped)


def export_qr(accounts: Sequence[Account], password: str | None) -> bytes:
    return exporting.qr_pages_text(qr_plan(accounts)).encode("utf-8")


@hookimpl
def tuiauth_exporters() -> list[ExporterSpec]:
    return [
        ExporterSpec(
            name="otpauth",
            label="otpauth URI list",
            export=export,
            plaintext_secrets=True,
            extension=".txt",
            description="One otpauth:// URI per line; most authenticators can import it.",
        ),
        ExporterSpec(
            name="otpauth-qr",
            label="otpauth QR codes (one per account)",
            export=export_qr,
            qr=qr_plan,
            plaintext_secrets=True,
            extension=".txt",
            description="A QR code per account to scan one by one; every authenticator app reads them.",
        ),
    ]
