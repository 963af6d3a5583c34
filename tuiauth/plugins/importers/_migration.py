"""Google Authenticator's transfer URIs (``otpauth-migration://offline?data=…``).

``data`` is base64 of a ``MigrationPayload`` protobuf. The ``data`` value is percent-decoded *without*
the form rule (``+`` stays ``+``: third-party generators leave ``+`` and ``/`` raw) and base64-decoded
with or without ``=`` padding (URL-safe characters are accepted too).

Account rules: unspecified enums mean SHA1 / 6 digits / TOTP; the digits enum is 1 = six, 2 = eight;
there is no period field (every account is 30 s). The name loses a leading ``issuer:`` prefix, and
when the issuer is empty a ``prefix:account`` name is split at the colon (Aegis' rule).

``BatchSet`` assembles multi-QR transfers: payloads are grouped by ``batch_id``, and every index of
``0 … batch_size-1`` that was not seen is reported as a problem (the accounts that arrived are kept).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from urllib.parse import unquote

from tuiauth import AccountDraft

from ...plugin_kit.errors import AccountError, ImportFormatError
from ...plugin_kit.importing import EntryCollector, entry_label, split_label
from ._protobuf import LENGTH_DELIMITED, VARINT, ProtobufError, as_int32, as_int64, fields

SCHEME = "otpauth-migration://"
_ALGORITHMS = {0: "SHA1", 1: "SHA1", 2: "SHA256", 3: "SHA512", 4: "MD5"}
_DIGITS = {0: 6, 1: 6, 2: 8}
_TYPES = {0: "totp", 1: "hotp", 2: "totp"}
#: A QR code holds at most ~3 KB, so real transfer URIs are a few KB; third-party generators may put
#: more accounts in one URI. The total per file bounds the pure-Python protobuf work (~1 s per MB).
MAX_DATA_CHARS = 64 * 1024
MAX_TOTAL_DATA_CHARS = 512 * 1024


@dataclass
class RawAccount:
    """One ``OtpParameters`` message, before validation."""

    secret: bytes = b""
    name: str = ""
    issuer: str = ""
    algorithm: int = 0
    digits: int = 0
    type: int = 0
    counter: int = 0


@dataclass
class Payload:
    accounts: list[RawAccount] = field(default_factory=list)
    version: int = 0
    batch_size: int = 1
    batch_index: int = 0
    batch_id: int = 0


def _text(value: int | bytes, what: str) -> str:
    if not isinstance(value, bytes):
        raise ProtobufError(f"the transfer data has a malformed {what}")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtobufError(f"the transfer data has a {what} that is not UTF-8") from None


def _account(buf: bytes) -> RawAccount:
    raw = RawAccount()
    for number, wire, value in fields(buf):
        if number == 1 and wire == LENGTH_DELIMITED and isinstance(value, bytes):
            raw.secret = value
        elif number == 2 and wire == LENGTH_DELIMITED:
            raw.name = _text(value, "name")
        elif number == 3 and wire == LENGTH_DELIMITED:
            raw.issuer = _text(value, "issuer")
        elif wire == VARINT and isinstance(value, int) and number in (4, 5, 6):
            setattr(raw, {4: "algorithm", 5: "digits", 6: "type"}[number], as_int32(value))
        elif number == 7 and wire == VARINT and isinstance(value, int):
            raw.counter = as_int64(value)
    return raw


def decode_payload(blob: bytes) -> Payload:
    payload = Payload()
    for number, wire, value in fields(blob):
        if number == 1 and wire == LENGTH_DELIMITED and isinstance(value, bytes):
            payload.accounts.append(_account(value))
        elif wire == VARINT and isinstance(value, int) and number in (2, 3, 4, 5):
            name = {2: "version", 3: "batch_size", 4: "batch_index", 5: "batch_id"}[number]
            setattr(payload, name, as_int32(value))
    return payload


def _data_param(uri: str) -> str:
    _, _, query = uri.partition("?")
    for part in query.split("&"):
        key, sep, value = part.partition("=")
        if sep and key.strip().lower() == "data":
            return value
    raise ImportFormatError("this transfer URI has no data= parameter")


def decode_uri(uri: str) -> Payload:
    """Decode one ``otpauth-migration://`` URI; ImportFormatError when it is not a valid one."""
    uri = uri.strip()
    if not uri.lower().startswith(SCHEME):
        raise ImportFormatError("not a Google Authenticator transfer URI (otpauth-migration://)")
    value = _data_param(uri)
    if len(value) > MAX_DATA_CHARS:
        raise ImportFormatError("this transfer URI's data is too long")
    text = unquote(value, errors="replace").replace(" ", "+").replace("-", "+").replace("_", "/")
    text = text.rstrip("=")
    try:
        blob = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError("this transfer URI's data is not valid base64") from None
    payload = decode_payload(blob)
    if not payload.accounts:
        raise ImportFormatError("this transfer URI holds no accounts")
    return payload


def to_draft(raw: RawAccount) -> AccountDraft:
    if raw.algorithm not in _ALGORITHMS:
        raise AccountError(f"unknown algorithm number {raw.algorithm}")
    if raw.digits not in _DIGITS:
        raise AccountError(f"unknown digits number {raw.digits} (Google uses 1 = six, 2 = eight)")
    if raw.type not in _TYPES:
        raise AccountError(f"unknown OTP type number {raw.type}")
    issuer, name = raw.issuer.strip(), raw.name.strip()
    if issuer and name.startswith(issuer + ":"):
        name = name[len(issuer) + 1 :].strip()
    elif not issuer and ":" in name:
        issuer, name = split_label(name)
    kind = _TYPES[raw.type]
    return AccountDraft(
        issuer=issuer,
        name=name,
        secret=raw.secret,
        type=kind,
        algorithm=_ALGORITHMS[raw.algorithm],
        digits=_DIGITS[raw.digits],
        counter=raw.counter if kind == "hotp" else 0,
    )


@dataclass
class BatchSet:
    """Collects the payloads of one import and reports missing QR codes of each batch."""

    seen: dict[int, tuple[int, set[int]]] = field(default_factory=dict)
    total_chars: int = 0

    def charge(self, uri: str) -> None:
        """Count a URI against the per-file budget; ImportFormatError once it is spent."""
        self.total_chars += len(uri)
        if self.total_chars > MAX_TOTAL_DATA_CHARS:
            raise ImportFormatError(
                f"this file holds more than {MAX_TOTAL_DATA_CHARS // 1024} KiB of transfer URIs: refusing it"
            )

    def add(self, payload: Payload, collector: EntryCollector) -> None:
        for index, raw in enumerate(payload.accounts):
            with collector.entry(entry_label(raw.issuer, raw.name, index)):
                collector.add(to_draft(raw))
        size = payload.batch_size if 1 <= payload.batch_size <= 1000 else 1
        _, indices = self.seen.setdefault(payload.batch_id, (size, set()))
        indices.add(payload.batch_index)

    def report_missing(self, collector: EntryCollector) -> None:
        for batch_id, (size, indices) in self.seen.items():
            missing = [i for i in range(size) if i not in indices]
            if missing:
                numbers = ", ".join(str(i + 1) for i in missing)
                collector.skip(
                    f"transfer batch {batch_id}",
                    f"QR code(s) {numbers} of {size} are missing: scan them too to get their accounts",
                )
