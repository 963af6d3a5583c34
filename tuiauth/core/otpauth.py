"""Reading and writing Key URIs (``otpauth://TYPE/LABEL?QUERY``, the "Key Uri Format").

The URI is split by hand, not by an RFC 3986 parser: real QR codes carry raw spaces, ``@``, ``!`` and
``#`` in the label, which strict parsers reject. So: the scheme up to ``://``, the host (the type) up to
the first ``/``, the label up to the first ``?``, then the query. There is no fragment (a ``#`` is kept
as text: ``Acc !@#444`` is a real account name).

No type is known here by name: the installed methods say which types, schemes and parameters they
read (``MethodSpec.uri_types``, ``uri_schemes``, ``uri_encoders``, ``uri_parameters``, the ranges and
defaults in ``tuiauth/core/specs/methods.py``). Decoding rules:

* the host is compared case-insensitively with every method's ``hosts``; a scheme other than
  ``otpauth`` is one of a method's ``uri_schemes``, written ``SCHEME://LABEL?QUERY`` (Stratum's
  ``motp://ISSUER:NAME?secret=HEX``) or ``SCHEME://SECRET`` (``steam://SECRET``, whose issuer is the
  method's ``default_issuer``); an ``encoder`` parameter one of a method's ``uri_encoders`` names
  (KeePassXC's ``encoder=steam``) makes the account one of that method;
* the label is percent-decoded as a path (a ``+`` stays a ``+``), the query form-style (``+`` is a
  space — Aegis's test list has ``issuer=Air+Canada``); both as UTF-8; parameter names are matched
  case-insensitively, the first occurrence wins, unknown parameters are ignored;
* **issuer resolution** (our documented choice, the Key Uri Format wiki's rule): the ``issuer``
  parameter wins when present and not blank, else the label prefix before ``:``. A colon-less label
  is the account name. When the label starts with exactly ``<issuer param>:`` that prefix is removed
  even if the name itself holds colons; otherwise a label with one colon is ``prefix:name`` and the
  prefix never stays in the name (even when it differs from the parameter); a label with two or more
  colons that does not start with the parameter is kept whole as the name (as Aegis does);
* issuer and name lose control characters (terminal escapes from a hostile QR code) and surrounding
  whitespace (``Big%20Corporation%3A%20alice`` → ``alice``);
* the secret is tolerant base32 (padding, lower case, spaces, dashes); empty is rejected, one byte
  (``AA``) is accepted; a missing ``algorithm``, ``digits`` or ``period`` takes the method's default;
  ``algorithm`` is case-insensitive and must be one of the method's; ``digits`` within its range;
  each is ignored when the method allows only one value (Steam's 5 characters, SHA-1 and 30 s);
  ``period`` is ignored for counter-based methods and ``counter`` (which **defaults to 0 when
  missing** — friendlier than Aegis's rejection, and what Stratum does) for the others.

Every error is a ``UriError`` / ``SecretError`` (both ``AccountError``) whose message never quotes the
secret. ``to_uri`` writes the canonical form so that ``parse_uri(to_uri(d)) == d`` for every draft
whose issuer and name have no control characters or surrounding whitespace (groups, favourite, note
and ``extra`` values other than the method's ``uri_parameters`` are vault data, not part of a URI).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import quote, unquote, unquote_plus

from .accounts import AccountDraft
from .errors import SecretError, UriError
from .secrets import b32decode, b32encode, hexdecode
from .specs.methods import MethodSpec

#: Longest URI accepted (WinAuth's Steam lines carry a whole maFile JSON in ``data``).
MAX_URI_CHARS = 64 * 1024
#: Longest secret accepted, in decoded bytes (real keys are 10–64 bytes).
MAX_SECRET_BYTES = 1024

_HOST_END = re.compile(r"[/?]")
_INT = re.compile(r"^[0-9]{1,19}$")
_B32_CHARS = re.compile(r"^[A-Za-z2-7=\s\-]*$")
_SAFE = "@"  # left readable in labels and values; every other reserved character is %-encoded

Methods = Mapping[str, MethodSpec]


def parse_uri(text: str, methods: Methods) -> AccountDraft:
    """Parse an ``otpauth://`` URI, or one of a method's own schemes, into a draft whose fields fit
    its method (``MethodSpec.check_fields``; the method's ``validate`` is the caller's to run)."""
    text = text.strip()
    if len(text) > MAX_URI_CHARS:
        raise UriError(f"the URI is longer than {MAX_URI_CHARS} characters")
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep:
        raise UriError("not a URI: it should start with otpauth://")
    if scheme == "otpauth-migration":
        raise UriError("this is a Google Authenticator transfer URI: import it instead of adding it")
    if scheme != "otpauth":
        method = next((m for m in methods.values() if scheme in _lower(m.uri_schemes)), None)
        if method is None:
            raise UriError(f"unsupported URI scheme {_show(scheme)}: expected otpauth://")
        if "?" not in rest:
            return _bare_secret_draft(method, rest)
        return _parse_parts(method, methods, rest, hex_secret=method.uri_hex_secret)
    end = _HOST_END.search(rest)
    host, after = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    return _parse_parts(_method_of(host, methods), methods, after.removeprefix("/"), hex_secret=False)


def parse_otp_value(text: str, methods: Methods, default_issuer: str = "", default_name: str = "") -> AccountDraft:
    """Read what importers find in a "TOTP" field: a URI, ``steam://SECRET`` or a bare base32 secret.

    A bare secret becomes a TOTP account (SHA-1, 6 digits, 30 s). ``default_issuer`` and
    ``default_name`` (usually the item's title and login) fill an issuer or name the value lacks; the
    item's title says more than the method's generic ``default_issuer`` of a bare ``SCHEME://SECRET``.
    """
    value = text.strip()
    if "://" not in value:
        draft = AccountDraft(secret=_decode_b32(value))
    else:
        scheme, _, rest = value.partition("://")
        method = next((m for m in methods.values() if scheme.lower() in _lower(m.uri_schemes)), None)
        if method is not None and "?" not in rest and _clean(default_issuer):
            draft = _bare_secret_draft(method, rest, issuer=_clean(default_issuer))
        else:
            draft = parse_uri(value, methods)
    if not draft.issuer:
        draft.issuer = _clean(default_issuer)
    if not draft.name:
        draft.name = _clean(default_name)
    return draft


#: The Key URI format's defaults: ``to_uri(short=True)`` leaves out a parameter with this value
#: when it is also the method's default (every reader assumes them).
_DEFAULT_PARAMS = {"algorithm": "SHA1", "digits": "6", "period": "30"}


def to_uri(account: AccountDraft, methods: Methods, *, short: bool = False) -> str:
    """The canonical Key URI of ``account`` (secret as unpadded upper-case base32).

    ``short`` leaves out ``algorithm=SHA1``, ``digits=6`` and ``period=30`` where they are the
    method's defaults too: a shorter URI makes a smaller QR code. A device-bound account has no URI
    (its key never leaves this device).
    """
    method = methods.get(account.type)
    if method is None or method.device_bound:
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
    if method.counter_based:
        params.append(("counter", str(account.counter)))
    else:
        params.append(("period", str(account.period)))
    if short:
        defaults = {
            "algorithm": method.default_algorithm,
            "digits": str(method.default_digits),
            "period": str(method.default_period),
        }
        params = [(k, v) for k, v in params if not (_DEFAULT_PARAMS.get(k) == v == defaults.get(k))]
    params += [(key, account.extra[key]) for key in method.uri_parameters if account.extra.get(key)]
    query = "&".join(f"{key}={_enc(value)}" for key, value in params)
    return f"otpauth://{method.hosts[0]}/{label}?{query}"


# --- parsing helpers -----------------------------------------------------------------------------
def _lower(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n.lower() for n in names)


def _method_of(host: str, methods: Methods) -> MethodSpec:
    kind = host.strip().lower()
    for method in methods.values():
        if kind in method.hosts:
            return method
    known = sorted({h for m in methods.values() if not m.device_bound for h in m.hosts})
    raise UriError(f"unsupported OTP type {_show(host)} (expected {', '.join(known) or 'an installed method'})")


def _parse_parts(method: MethodSpec, methods: Methods, after_host: str, *, hex_secret: bool) -> AccountDraft:
    raw_label, _, raw_query = after_host.partition("?")
    label = _decode(raw_label, plus_is_space=False)
    params = _query(raw_query)
    encoder = params.get("encoder", "").strip().lower()
    if encoder:
        method = next((m for m in methods.values() if encoder in _lower(m.uri_encoders)), method)
    issuer, name = _resolve_label(label, params.get("issuer"))
    draft = _new_draft(method, issuer=issuer, name=name, secret=_secret(params, hex_secret))
    if "algorithm" in params and len(method.algorithms) > 1:
        draft.algorithm = _algorithm(params["algorithm"], method.algorithms)
    if "digits" in params and method.min_digits < method.max_digits:
        draft.digits = _int(params, "digits")
        if not method.min_digits <= draft.digits <= method.max_digits:
            raise UriError(f"digits must be between {method.min_digits} and {method.max_digits}, not {draft.digits}")
    if method.counter_based:
        if "counter" in params:
            draft.counter = _int(params, "counter")
    elif "period" in params and len(method.periods) != 1:
        draft.period = _int(params, "period")
    for key in method.uri_parameters:
        if params.get(key.lower()):
            draft.extra[key] = params[key.lower()]
    method.check_fields(draft)
    return draft


def _new_draft(method: MethodSpec, **fields: object) -> AccountDraft:
    """A draft of ``method`` with its default digits, algorithm and period."""
    return AccountDraft(
        type=method.name,
        algorithm=method.default_algorithm,
        digits=method.default_digits,
        period=method.default_period,
        **fields,  # type: ignore[arg-type]
    )


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


def _algorithm(value: str, allowed: tuple[str, ...]) -> str:
    name = value.strip().upper().replace("-", "")
    if name not in allowed:
        raise UriError(f"unknown algorithm {_show(value)} (use {', '.join(allowed)})")
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


def _bare_secret_draft(method: MethodSpec, secret: str, issuer: str = "") -> AccountDraft:
    """``SCHEME://SECRET``: an account of ``method`` with its defaults and only a secret."""
    raw = secret.strip()
    decoded = _capped(hexdecode(raw)) if method.uri_hex_secret else _decode_b32(raw)
    draft = _new_draft(method, issuer=issuer or method.default_issuer, secret=decoded)
    method.check_fields(draft)
    return draft


def _enc(text: str) -> str:
    return quote(text, safe=_SAFE, errors="replace")
