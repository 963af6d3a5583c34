"""Reading and writing Key URIs (``otpauth://TYPE/LABEL?QUERY``), FORMATS.md §0–1.

The URI is split by hand, not by an RFC 3986 parser: real QR codes carry raw spaces, ``@``, ``!`` and
``#`` in the label, which strict parsers reject. So: the scheme up to ``://``, the host (the type) up to
the first ``/``, the label up to the first ``?``, then the query. There is no fragment (a ``#`` is kept
as text: ``Acc !@#444`` is a real account name).

Decoding rules:

* the host is compared case-insensitively: ``totp``, ``hotp``, ``steam``, ``motp``, ``yaotp`` /
  ``yandex`` (stored as type ``yandex``); ``motp://ISSUER:NAME?secret=HEX`` is Stratum's mOTP form;
* the label is percent-decoded as a path (a ``+`` stays a ``+``), the query form-style (``+`` is a
  space — Aegis's test list has ``issuer=Air+Canada``); both as UTF-8; parameter names are matched
  case-insensitively, the first occurrence wins, unknown parameters are ignored;
* **issuer resolution** (our documented choice, the wiki's rule, FORMATS.md §1.5): the ``issuer``
  parameter wins when present and not blank, else the label prefix before ``:``. A colon-less label
  is the account name. When the label starts with exactly ``<issuer param>:`` that prefix is removed
  even if the name itself holds colons; otherwise a label with one colon is ``prefix:name`` and the
  prefix never stays in the name (even when it differs from the parameter); a label with two or more
  colons that does not start with the parameter is kept whole as the name (as Aegis does);
* issuer and name lose control characters (terminal escapes from a hostile QR code) and surrounding
  whitespace (``Big%20Corporation%3A%20alice`` → ``alice``);
* the secret is tolerant base32 (padding, lower case, spaces, dashes); empty is rejected, one byte
  (``AA``) is accepted; ``algorithm`` is case-insensitive SHA1/SHA256/SHA512 (MD5 for mOTP);
  ``digits`` 4–10; ``period`` ≥ 1 (TOTP-like types only; ignored for HOTP); ``counter`` for HOTP
  only (ignored elsewhere) and **defaults to 0 when missing** — friendlier than Aegis's rejection,
  and what Stratum does; ``encoder=steam`` (KeePassXC) or the ``steam`` host make a Steam account
  (5 characters, SHA-1, 30 s); mOTP is MD5 with a 10 s default period; ``pin`` goes to
  ``extra["pin"]`` for mOTP and Yandex.

Every error is a ``UriError`` / ``SecretError`` (both ``AccountError``) whose message never quotes the
secret. ``to_uri`` writes the canonical form so that ``parse_uri(to_uri(d)) == d`` for every draft
whose issuer and name have no control characters or surrounding whitespace (groups, favourite, note
and ``extra`` values other than the PIN are vault data, not part of a URI).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote, unquote_plus

from .accounts import ALGORITHMS, MAX_DIGITS, MIN_DIGITS, AccountDraft
from .errors import SecretError, UriError
from .secrets import b32decode, b32encode, hexdecode

#: Longest URI accepted (WinAuth's Steam lines carry a whole maFile JSON in ``data``).
MAX_URI_CHARS = 64 * 1024
#: Longest secret accepted, in decoded bytes (real keys are 10–64 bytes).
MAX_SECRET_BYTES = 1024

#: URI host (lower case) → account type; ``to_uri`` writes the first host of each type.
_TYPES = {"totp": "totp", "hotp": "hotp", "steam": "steam", "motp": "motp", "yaotp": "yandex", "yandex": "yandex"}
_HOSTS = {kind: host for host, kind in reversed(_TYPES.items())}
_HOST_END = re.compile(r"[/?]")
_INT = re.compile(r"^[0-9]{1,19}$")
_B32_CHARS = re.compile(r"^[A-Za-z2-7=\s\-]*$")
_SAFE = "@"  # left readable in labels and values; every other reserved character is %-encoded

STEAM_DIGITS = 5
STEAM_PERIOD = 30
MOTP_PERIOD = 10


def parse_uri(text: str) -> AccountDraft:
    """Parse an ``otpauth://``, ``motp://`` or ``steam://`` URI into a checked draft."""
    text = text.strip()
    if len(text) > MAX_URI_CHARS:
        raise UriError(f"the URI is longer than {MAX_URI_CHARS} characters")
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep:
        raise UriError("not a URI: it should start with otpauth://")
    if scheme == "otpauth-migration":
        raise UriError("this is a Google Authenticator transfer URI: import it instead of adding it")
    if scheme == "steam":
        return _steam_draft(rest)
    if scheme == "motp":
        return _parse_parts("motp", rest, hex_secret=True)
    if scheme != "otpauth":
        raise UriError(f"unsupported URI scheme {_show(scheme)}: expected otpauth://")
    end = _HOST_END.search(rest)
    host, after = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    return _parse_parts(_type_of(host), after.removeprefix("/"), hex_secret=False)


def parse_otp_value(text: str, default_issuer: str = "", default_name: str = "") -> AccountDraft:
    """Read what importers find in a "TOTP" field: a URI, ``steam://SECRET`` or a bare base32 secret.

    A bare secret becomes a TOTP account (SHA-1, 6 digits, 30 s). ``default_issuer`` and
    ``default_name`` (usually the item's title and login) fill an issuer or name the value lacks.
    """
    value = text.strip()
    if "://" not in value:
        draft = AccountDraft(secret=_decode_b32(value))
    elif value.lower().startswith("steam://"):
        # The item's title says more than the generic "Steam" a bare steam:// value gets.
        draft = _steam_draft(value[len("steam://") :], issuer=_clean(default_issuer) or "Steam")
    else:
        draft = parse_uri(value)
    if not draft.issuer:
        draft.issuer = _clean(default_issuer)
    if not draft.name:
        draft.name = _clean(default_name)
    return draft


#: Parameters ``to_uri(short=True)`` leaves out: the Key URI format's defaults.
_DEFAULT_PARAMS = {("algorithm", "SHA1"), ("digits", "6"), ("period", "30")}


def to_uri(account: AccountDraft, *, short: bool = False) -> str:
    """The canonical Key URI of ``account`` (secret as unpadded upper-case base32).

    ``short`` leaves out ``algorithm=SHA1``, ``digits=6`` and ``period=30`` of TOTP and HOTP
    accounts, the defaults every reader assumes: a shorter URI makes a smaller QR code.
    """
    if account.type not in _TYPES.values():
        raise UriError(f"an account of type {account.type!r} cannot be written as an otpauth URI")
    if not account.secret:
        raise SecretError("the secret is empty")
    issuer, name = account.issuer, account.name
    params: list[tuple[str, str]] = [("secret", b32encode(account.secret))]
    if issuer:
        label = f"{_enc(issuer)}:{_enc(name)}"
        params.append(("issuer", issuer))
    elif ":" in name:
        # An empty issuer parameter marks the leading colon as an (empty) prefix, not part of the name.
        label = f":{_enc(name)}"
        params.append(("issuer", ""))
    else:
        label = _enc(name)
    params += [("algorithm", account.algorithm), ("digits", str(account.digits))]
    if account.type == "hotp":
        params.append(("counter", str(account.counter)))
    else:
        params.append(("period", str(account.period)))
    if short and account.type in ("totp", "hotp"):
        params = [(key, value) for key, value in params if (key, value) not in _DEFAULT_PARAMS]
    if account.type in ("motp", "yandex") and account.extra.get("pin"):
        params.append(("pin", account.extra["pin"]))
    query = "&".join(f"{key}={_enc(value)}" for key, value in params)
    return f"otpauth://{_HOSTS[account.type]}/{label}?{query}"


# --- parsing helpers -----------------------------------------------------------------------------
def _type_of(host: str) -> str:
    kind = _TYPES.get(host.strip().lower())
    if kind is None:
        raise UriError(f"unsupported OTP type {_show(host)} (expected totp, hotp, steam, motp or yaotp)")
    return kind


def _parse_parts(kind: str, after_host: str, *, hex_secret: bool) -> AccountDraft:
    raw_label, _, raw_query = after_host.partition("?")
    label = _decode(raw_label, plus_is_space=False)
    params = _query(raw_query)
    if params.get("encoder", "").lower() == "steam" and kind == "totp":
        kind = "steam"
    issuer, name = _resolve_label(label, params.get("issuer"))
    draft = AccountDraft(issuer=issuer, name=name, type=kind, secret=_secret(params, hex_secret))
    if kind == "yandex":
        draft.algorithm, draft.digits = "SHA256", 8
    if kind == "motp":
        draft.algorithm, draft.period = "MD5", MOTP_PERIOD
    if "algorithm" in params and kind in ("totp", "hotp"):
        draft.algorithm = _algorithm(params["algorithm"])
    if "digits" in params and kind in ("totp", "hotp"):
        draft.digits = _int(params, "digits")
        if not MIN_DIGITS <= draft.digits <= MAX_DIGITS:
            raise UriError(f"digits must be between {MIN_DIGITS} and {MAX_DIGITS}, not {draft.digits}")
    if kind == "steam":
        draft.digits, draft.period = STEAM_DIGITS, STEAM_PERIOD
    elif kind != "hotp" and "period" in params:
        draft.period = _int(params, "period")
    if kind == "hotp" and "counter" in params:
        draft.counter = _int(params, "counter")
    if kind in ("motp", "yandex") and params.get("pin"):
        draft.extra["pin"] = params["pin"]
    draft.check()
    return draft


def _resolve_label(label: str, issuer_param: str | None) -> tuple[str, str]:
    """(issuer, name) from the decoded label and the ``issuer`` parameter — see the module doc."""
    prefix = ""
    name = label
    if issuer_param is not None and label.startswith(issuer_param + ":"):
        prefix, name = issuer_param, label[len(issuer_param) + 1 :]
    elif label.count(":") == 1:
        prefix, name = label.split(":")
    issuer = _clean(issuer_param or "") or _clean(prefix)
    return issuer, _clean(name)


def _query(raw: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for part in raw.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        params.setdefault(_decode(key, plus_is_space=True).strip().lower(), _decode(value, plus_is_space=True))
    return params


def _decode(text: str, *, plus_is_space: bool) -> str:
    try:
        if plus_is_space:
            return unquote_plus(text, errors="strict")
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        raise UriError("the URI has percent-escapes that are not valid UTF-8") from None


def _secret(params: dict[str, str], hex_secret: bool) -> bytes:
    value = params.get("secret", "")
    if not value.strip():
        raise SecretError("the URI has no secret (secret= is missing or empty)")
    return _capped(hexdecode(value) if hex_secret else _decode_b32(value))


def _decode_b32(value: str) -> bytes:
    """Tolerant base32 with size cap; errors name the problem, never the characters of the secret."""
    if not _B32_CHARS.match(value):
        raise SecretError("the secret is not base32: only the letters A-Z and digits 2-7 are allowed")
    return _capped(b32decode(value))


def _capped(secret: bytes) -> bytes:
    if len(secret) > MAX_SECRET_BYTES:
        raise SecretError(f"the secret is longer than {MAX_SECRET_BYTES} bytes")
    return secret


def _algorithm(value: str) -> str:
    name = value.strip().upper().replace("-", "")
    if name not in ALGORITHMS:
        raise UriError(f"unknown algorithm {_show(value)} (use SHA1, SHA256 or SHA512)")
    return name


def _int(params: dict[str, str], key: str) -> int:
    value = params[key].strip()
    if not _INT.match(value):
        raise UriError(f"{key} must be a whole number, not {_show(value)}")
    return int(value)


def _clean(text: str) -> str:
    """Drop control characters (terminal escapes), lone surrogates and surrounding whitespace."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cs")).strip()


def _show(text: str, limit: int = 10) -> str:
    """A short, printable quote of a non-secret part of the URI for an error message.

    Anything longer than ``limit`` is not quoted at all: a secret pasted in the wrong place (say as
    the host, ``otpauth://JBSWY3DP…``) must not end up on screen in part.
    """
    shown = _clean(text)
    return repr(shown) if len(shown) <= limit else f"({len(shown)} characters)"


def _steam_draft(secret: str, issuer: str = "Steam") -> AccountDraft:
    draft = AccountDraft(
        issuer=issuer, type="steam", secret=_decode_b32(secret), digits=STEAM_DIGITS, period=STEAM_PERIOD
    )
    draft.check()
    return draft


def _enc(text: str) -> str:
    return quote(text, safe=_SAFE, errors="replace")
