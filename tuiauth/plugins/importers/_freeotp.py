"""Token JSON shared by every FreeOTP file: ``algo``, ``counter``, ``digits``,
``issuerExt`` (the issuer shown), ``issuerInt``, ``label`` (the account), ``period``, ``type``
and, outside FreeOTP 2.x, ``secret`` as a signed Java byte array. Missing values take FreeOTP's
defaults (SHA1, 6 digits, 30 s, TOTP).

HOTP counter policy: FreeOTP stores ``counter = URI counter - 1`` when it adds a token and increments
before computing each code, so FreeOTP 1.x and FreeOTP+ files hold the *last used* counter. tuiauth
stores the *next* counter (the URI's meaning), so those files' counters are imported plus one.
FreeOTP 2.x backups already store the URI's value and are imported as they are.

Steam: FreeOTP has no Steam type; like Aegis, an account whose shown issuer is ``Steam`` is taken as
a Steam Guard account.
"""

from __future__ import annotations

from typing import Any

from tuiauth import AccountDraft

from ...plugin_kit.errors import AccountError
from ...plugin_kit.importing import algorithm, integer, text

_TYPES = {"TOTP": "totp", "HOTP": "hotp"}
_MAX_SECRET = 1024


def java_bytes(value: Any, what: str = "secret") -> bytes:
    """A Java ``byte[]`` written as JSON integers -128…127 (or 0…255)."""
    if not isinstance(value, list) or not value or len(value) > _MAX_SECRET:
        raise AccountError(f"the {what} is missing or not a byte array")
    if not all(isinstance(b, int) and not isinstance(b, bool) and -128 <= b <= 255 for b in value):
        raise AccountError(f"the {what} is not a byte array")
    return bytes(b & 0xFF for b in value)


def token_draft(token: dict[str, Any], secret: bytes, *, stored_counter_is_last_used: bool) -> AccountDraft:
    token_type = text(token, "type", "TOTP").upper()
    if token_type not in _TYPES:
        raise AccountError(f"unsupported FreeOTP token type {token_type[:20]!r}")
    kind = _TYPES[token_type]
    issuer = text(token, "issuerExt") or text(token, "issuerInt")
    counter = integer(token, "counter", 0) if kind == "hotp" else 0
    if kind == "hotp" and stored_counter_is_last_used:
        counter += 1
    if kind == "totp" and issuer.lower() == "steam":
        return AccountDraft(issuer=issuer, name=text(token, "label"), secret=secret, type="steam", digits=5)
    return AccountDraft(
        issuer=issuer,
        name=text(token, "label"),
        secret=secret,
        type=kind,
        algorithm=algorithm(token.get("algo")),
        digits=integer(token, "digits", 6),
        period=integer(token, "period", 30),
        counter=counter,
    )
