"""Google Authenticator's transfer format (``otpauth-migration://offline?data=…``) as QR codes.

The ``MigrationPayload`` protobuf of ``otpauth-migration://`` URIs is written by hand: field 1 repeats
``OtpParameters {1 secret bytes, 2 name, 3 issuer, 4 algorithm, 5 digits, 6 type, 7 counter}``,
then 2 version (1), 3 batch_size, 4 batch_index, 5 batch_id (random, positive and below 2^21: a
negative one, as Google writes, costs a 10-byte varint, and every byte counts in a code for 80×24).

The payload has no period field, only 6 or 8 digits, SHA1/SHA256/SHA512 (MD5 only for mOTP, which
Google cannot run) and TOTP/HOTP: other accounts are left out and listed with the reason, the rest
exported. Batches are sized from the payload: as many accounts as keep the QR code within an 80×24
terminal (``tuiauth.plugin_kit.exporting.fits_terminal``), so a phone can scan them one by one; an account too
long for such a code on its own is left out too.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from urllib.parse import quote

from tuiauth import Account, AccountDraft, ExporterSpec
from tuiauth.plugin_kit.exporting import QrBatch, QrExport

from ...hookspecs import hookimpl
from ...plugin_kit import exporting
from ...plugin_kit.exporting import FIT, fits_terminal

SCHEME = "otpauth-migration://offline?data="
TITLE = "Google Authenticator transfer"
HINT = "In Google Authenticator: Transfer accounts > Import accounts, then scan each code in turn."
_ALGORITHMS = {"SHA1": 1, "SHA256": 2, "SHA512": 3}
_DIGITS = {6: 1, 8: 2}
_TYPES = {"hotp": 1, "totp": 2}
_VARINT, _BYTES = 0, 2


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _field(number: int, value: int | bytes) -> bytes:
    if isinstance(value, int):
        return _varint(number << 3 | _VARINT) + _varint(value)
    return _varint(number << 3 | _BYTES) + _varint(len(value)) + value


def transfer_problem(account: AccountDraft) -> str | None:
    """Why the transfer format cannot carry ``account``, or None when it can."""
    if account.type not in _TYPES:
        return f"Google Authenticator has no {account.type} accounts"
    if account.algorithm not in _ALGORITHMS:
        return f"Google Authenticator cannot use {account.algorithm}"
    if account.digits not in _DIGITS:
        return f"Google Authenticator shows 6 or 8 digits, not {account.digits}"
    if account.type == "totp" and account.period != 30:
        return f"Google Authenticator only uses 30-second codes, not {account.period}"
    return None


def _otp_parameters(account: AccountDraft) -> bytes:
    # Google writes "Issuer:account" in the name; the account alone (as Aegis writes it) keeps one
    # more account in a code. A prefix is written only where a reader would otherwise take the
    # start of the account for an issuer (an account starting "issuer:", or any colon without one).
    name = account.name
    if name.startswith(f"{account.issuer}:") or (not account.issuer and ":" in name):
        name = f"{account.issuer}:{name}"
    body = _field(1, account.secret) + _field(2, name.encode("utf-8")) + _field(3, account.issuer.encode("utf-8"))
    body += _field(4, _ALGORITHMS[account.algorithm]) + _field(5, _DIGITS[account.digits])
    body += _field(6, _TYPES[account.type])
    if account.type == "hotp":
        body += _field(7, account.counter)
    return _field(1, body)


def _uri(blobs: Sequence[bytes], size: int, index: int, batch_id: int) -> str:
    payload = b"".join(blobs) + _field(2, 1) + _field(3, size) + _field(4, index) + _field(5, batch_id)
    return SCHEME + quote(base64.b64encode(payload).decode("ascii"), safe="")


def transfer_plan(accounts: Sequence[Account]) -> QrExport:
    """The batches (each QR code within 80×24), all sharing one batch id, and what was left out."""
    batch_id = secrets.randbelow(2**21 - 1) + 1
    skipped: list[tuple[Account, str]] = []
    groups: list[list[tuple[Account, bytes]]] = []
    # While packing, size and index are written as the largest they can be, so the final URIs are
    # never longer than the ones measured.
    most = len(accounts)
    too_long = (
        f"too long for a transfer code that fits {FIT[0]}×{FIT[1]}: "
        "show its own QR code instead (x in the app, or the otpauth-qr format)"
    )
    for account in accounts:
        problem = transfer_problem(account)
        if problem is not None:
            skipped.append((account, problem))
            continue
        blob = _otp_parameters(account)
        if groups and fits_terminal(_uri([b for _, b in groups[-1]] + [blob], most, most, batch_id)):
            groups[-1].append((account, blob))
        elif fits_terminal(_uri([blob], most, most, batch_id)):
            groups.append([(account, blob)])
        else:
            skipped.append((account, too_long))
    batches = [
        QrBatch(_uri([b for _, b in group], len(groups), index, batch_id), tuple(a for a, _ in group))
        for index, group in enumerate(groups)
    ]
    return QrExport(title=TITLE, hint=HINT, batches=batches, skipped=skipped)


def export(accounts: Sequence[Account], password: str | None) -> bytes:
    """Every QR code as a text page (separated by form feeds), after the list of accounts left out."""
    return exporting.qr_pages_text(transfer_plan(accounts)).encode("utf-8")


@hookimpl
def tuiauth_exporters() -> list[ExporterSpec]:
    return [
        ExporterSpec(
            name="google-transfer",
            label="Google Authenticator transfer (QR codes)",
            export=export,
            qr=transfer_plan,
            plaintext_secrets=True,
            extension=".txt",
            description="otpauth-migration QR codes to scan one by one; accounts Google cannot hold are left out.",
        )
    ]
