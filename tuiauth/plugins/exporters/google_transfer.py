"""Google Authenticator's transfer format (``otpauth-migration://offline?data=…``) as terminal QR codes.

The ``MigrationPayload`` protobuf (FORMATS.md §2) is written by hand: field 1 repeats
``OtpParameters {1 secret bytes, 2 name, 3 issuer, 4 algorithm, 5 digits, 6 type, 7 counter}``,
then 2 version (1), 3 batch_size, 4 batch_index, 5 batch_id (a random int32, written as a 64-bit
two's-complement varint when negative, as Google does). Accounts are split into batches small
enough for a QR code a phone can read off a terminal; each batch is one page of text.

The format has no period and only 6 or 8 digits, SHA1/SHA256/SHA512 (MD5 only for mOTP, which
Google cannot run) and TOTP/HOTP: other accounts make the export fail naming them
(``transfer_problems`` lets a caller leave them out first).
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from urllib.parse import quote

from ...core.accounts import AccountDraft
from ...core.specs.exporters import ExporterSpec
from ...hookspecs import hookimpl
from ._accounts import refuse
from ._qr import qr_matrix, render_half_blocks

SCHEME = "otpauth-migration://offline?data="
#: Per QR code: at most this many accounts and protobuf bytes (~ QR version 12 at level L, about
#: 65 modules: 37 lines of text, readable by a phone camera from a normal terminal).
MAX_BATCH_ACCOUNTS = 6
MAX_BATCH_BYTES = 240
PAGE_BREAK = "\f\n"
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


def transfer_problems(accounts: Sequence[AccountDraft]) -> list[tuple[AccountDraft, str]]:
    """The accounts the transfer format cannot carry, each with the reason."""
    problems = []
    for account in accounts:
        if account.type not in _TYPES:
            problems.append((account, f"Google Authenticator has no {account.type} accounts"))
        elif account.algorithm not in _ALGORITHMS:
            problems.append((account, f"Google Authenticator cannot use {account.algorithm}"))
        elif account.digits not in _DIGITS:
            problems.append((account, f"Google Authenticator shows 6 or 8 digits, not {account.digits}"))
        elif account.type == "totp" and account.period != 30:
            problems.append((account, f"Google Authenticator only uses 30-second codes, not {account.period}"))
    return problems


def _otp_parameters(account: AccountDraft) -> bytes:
    # Google writes "Issuer:account"; without an issuer, a leading ":" keeps a colon in the account
    # from being read back as an issuer separator.
    name = f"{account.issuer}:{account.name}" if account.issuer or ":" in account.name else account.name
    body = _field(1, account.secret) + _field(2, name.encode("utf-8")) + _field(3, account.issuer.encode("utf-8"))
    body += _field(4, _ALGORITHMS[account.algorithm]) + _field(5, _DIGITS[account.digits])
    body += _field(6, _TYPES[account.type])
    if account.type == "hotp":
        body += _field(7, account.counter)
    return _field(1, body)


def _batches(encoded: list[bytes]) -> list[list[int]]:
    """Indices of ``encoded`` grouped in order; a batch closes at the account or byte limit."""
    batches: list[list[int]] = []
    size = 0
    for index, blob in enumerate(encoded):
        if not batches or len(batches[-1]) >= MAX_BATCH_ACCOUNTS or size + len(blob) > MAX_BATCH_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(index)
        size += len(blob)
    return batches


def _plan(accounts: Sequence[AccountDraft]) -> list[tuple[str, list[AccountDraft]]]:
    refuse("a Google Authenticator transfer", transfer_problems(accounts))
    encoded = [_otp_parameters(account) for account in accounts]
    batches = _batches(encoded)
    batch_id = secrets.randbits(32) - 2**31
    plan = []
    for index, members in enumerate(batches):
        payload = b"".join(encoded[i] for i in members)
        payload += _field(2, 1) + _field(3, len(batches)) + _field(4, index) + _field(5, batch_id)
        uri = SCHEME + quote(base64.b64encode(payload).decode("ascii"), safe="")
        plan.append((uri, [accounts[i] for i in members]))
    return plan


def transfer_uris(accounts: Sequence[AccountDraft]) -> list[str]:
    """One ``otpauth-migration://`` URI per QR code, all sharing one batch id."""
    return [uri for uri, _ in _plan(accounts)]


def qr_pages(accounts: Sequence[AccountDraft], *, light_on_dark: bool = True) -> list[str]:
    """One text page per QR code: a heading, the code in half blocks, and the accounts it holds."""
    plan = _plan(accounts)
    pages = []
    first = 1
    for number, (uri, members) in enumerate(plan, start=1):
        last = first + len(members) - 1
        heading = (
            f"Google Authenticator transfer: QR code {number} of {len(plan)} "
            f"(accounts {first}-{last} of {len(accounts)})"
        )
        code = render_half_blocks(qr_matrix(uri), light_on_dark=light_on_dark)
        names = [f"  {account.label}" for account in members]
        footer = "In Google Authenticator: Transfer accounts > Import accounts, then scan each code."
        pages.append("\n".join([heading, "", *code, "", *names, "", footer]) + "\n")
        first = last + 1
    return pages


def export(accounts: Sequence[AccountDraft], password: str | None) -> bytes:
    """Every QR page as text, separated by form feeds."""
    return PAGE_BREAK.join(qr_pages(accounts)).encode("utf-8")


@hookimpl
def tuiauth_exporters() -> list[ExporterSpec]:
    return [
        ExporterSpec(
            name="google-transfer",
            label="Google Authenticator transfer (QR codes)",
            export=export,
            plaintext_secrets=True,
            extension=".txt",
            description="otpauth-migration QR codes drawn in the terminal, one page per code, for a phone to scan.",
        )
    ]
