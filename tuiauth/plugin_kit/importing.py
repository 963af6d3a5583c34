"""An importer's helpers (public, used by the built-in importers too): input caps, a safe JSON loader,
typed field readers and per-entry problem collection.

Every file handed to an importer is untrusted. The rules kept here:

* the whole file is refused before parsing when it is larger than ``MAX_IMPORT_BYTES``;
* JSON is parsed with a nesting cap (``MAX_JSON_DEPTH``) and an entry-count cap (``MAX_ENTRIES``);
* each entry is built inside ``EntryCollector.entry``: anything wrong with one entry becomes an
  ``ImportProblem(label, reason)`` and the rest of the file still imports;
* crypto failures become ``ImportPasswordError`` and out-of-range KDF parameters ``ImportFormatError``
  (``decrypting``), so callers only ever see the importer contract's two error types.

Reasons and messages never contain secret material: unexpected exception types are reported by
their class name only.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from ..core.accounts import ALGORITHMS, AccountDraft
from ..core.crypto import DecryptionError
from ..core.errors import AccountError, ImportFormatError, ImportPasswordError, TuiauthError
from ..core.specs.importers import ImportProblem, ImportResult

__all__ = [
    "MAX_ENTRIES",
    "MAX_IMPORT_BYTES",
    "MAX_JSON_DEPTH",
    "SNIFF_BYTES",
    "EntryCollector",
    "ParseFn",
    "algorithm",
    "answers_false_on_error",
    "check_size",
    "clean",
    "decode_text",
    "decrypting",
    "entry_label",
    "guarded",
    "has_suffix",
    "head_text",
    "integer",
    "load_json",
    "names",
    "note",
    "require_dict",
    "require_list",
    "require_password",
    "split_label",
    "text",
]


MAX_IMPORT_BYTES = 16 * 1024 * 1024
#: Nesting cap, enforced by orjson while parsing (no recursion in tuiauth walks the result).
MAX_JSON_DEPTH = 1024
MAX_ENTRIES = 100_000
#: How much of a file ``sniff`` is given (the importer contract: the first ~64 KiB).
SNIFF_BYTES = 64 * 1024

_ALGORITHM_ALIASES = {"SHA-1": "SHA1", "SHA-256": "SHA256", "SHA-512": "SHA512", "MD5": "MD5"}
#: Exceptions an entry builder may raise on malformed data; reported per entry, never raised.
ParseFn = Callable[[bytes, str | None], ImportResult]
_ENTRY_ERRORS = (
    TuiauthError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    UnicodeError,
)


def check_size(data: bytes, what: str, limit: int = MAX_IMPORT_BYTES) -> None:
    """Refuse a file larger than ``limit`` before anything parses it."""
    if len(data) > limit:
        raise ImportFormatError(
            f"this {what} file is {len(data) // (1024 * 1024)} MiB; files over {limit // (1024 * 1024)} MiB are refused"
        )


def decode_text(data: bytes, what: str) -> str:
    """UTF-8 text (a leading byte-order mark dropped), or ImportFormatError."""
    check_size(data, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFormatError(f"this file cannot be read as {what}: it is not UTF-8 text") from None


def load_json(data: bytes | str, what: str) -> Any:
    """Parse untrusted JSON: size cap, nesting cap, ImportFormatError on any failure."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    check_size(raw, what)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):
            raise ImportFormatError(f"this {what} file is nested more than {MAX_JSON_DEPTH} levels deep") from None
        raise ImportFormatError(f"this file cannot be read as {what}: it is not valid JSON") from None


def require_dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImportFormatError(f"this file cannot be read as {what}: a JSON object was expected")
    return value


def require_list(value: Any, what: str, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise ImportFormatError(f"this file cannot be read as {what}: {field!r} should be a list")
    if len(value) > MAX_ENTRIES:
        raise ImportFormatError(f"this {what} file has more than {MAX_ENTRIES} entries")
    return value


# --- typed field readers (raise per-entry errors) -------------------------------------------------
def clean(value: str, *, multiline: bool = False) -> str:
    """Drop control characters (terminal escape sequences a hostile file could carry into names and
    problem reports) and lone surrogates, then surrounding whitespace. ``multiline`` keeps newlines
    and tabs (notes)."""
    if value.isprintable():
        return value.strip()
    keep = "\n\t" if multiline else ""
    return "".join(c for c in value if c in keep or unicodedata.category(c) not in ("Cc", "Cs")).strip()


def text(obj: dict[str, Any], key: str, default: str = "") -> str:
    """A string field, cleaned; ``null`` or missing gives ``default``; numbers are accepted as text."""
    value = obj.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise AccountError(f"{key!r} should be text")
    return clean(str(value))


def note(obj: dict[str, Any], key: str) -> str:
    """A free-text note: like ``text`` but keeping line breaks; anything but a string gives ``""``."""
    value = obj.get(key)
    return clean(value, multiline=True) if isinstance(value, str) else ""


def names(value: Any) -> list[str]:
    """A list of group or tag names, cleaned; non-strings and blanks dropped, duplicates removed."""
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(c for v in value if isinstance(v, str) and (c := clean(v))))


def integer(obj: dict[str, Any], key: str, default: int) -> int:
    """An integer field; ``null``, missing or ``""`` gives ``default``; numeric strings are accepted."""
    value = obj.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise AccountError(f"{key!r} should be a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 40:
        return int(value.strip())
    raise AccountError(f"{key!r} should be a whole number")


def algorithm(value: Any, default: str = "SHA1") -> str:
    """``SHA1``/``SHA256``/``SHA512`` (or ``MD5``) from any spelling apps use; AccountError otherwise."""
    if value is None or value == "":
        return default
    if not isinstance(value, str):
        raise AccountError("the algorithm should be text")
    name = value.strip().upper()
    name = _ALGORITHM_ALIASES.get(name, name)
    if name not in ALGORITHMS and name != "MD5":
        raise AccountError(f"unknown algorithm {value[:20]!r}")
    return name


def split_label(label: str) -> tuple[str, str]:
    """``"Issuer:account"`` → (issuer, account); a colon-less label is the account alone."""
    issuer, sep, account = label.partition(":")
    if not sep:
        return "", label.strip()
    return issuer.strip(), account.strip()


def entry_label(issuer: Any, name: Any, index: int) -> str:
    """How a problem names an entry: ``issuer (name)``, or its position when the file names none."""
    parts = [clean(p) for p in (issuer, name) if isinstance(p, str) and clean(p)]
    if len(parts) == 2:
        return f"{parts[0][:60]} ({parts[1][:60]})"
    if parts:
        return parts[0][:60]
    return f"entry {index + 1}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TuiauthError):
        return exc.message
    if isinstance(exc, KeyError):
        return f"the field {str(exc)[:40]} is missing"
    return f"the entry is malformed ({type(exc).__name__})"


class EntryCollector:
    """Collects drafts and per-entry problems for one file.

    ``with collector.entry(label): collector.add(draft)`` — any error inside the block skips that
    entry with its reason. ``add`` runs ``AccountDraft.check`` so out-of-range values are problems too.
    """

    def __init__(self) -> None:
        self.result = ImportResult()

    @contextmanager
    def entry(self, label: str | Callable[[], str]) -> Iterator[None]:
        """``label`` may be a function, called only when the entry fails (saves work on big files)."""
        try:
            yield
        except _ENTRY_ERRORS as exc:
            name = label if isinstance(label, str) else label()
            self.result.problems.append(ImportProblem(entry=name, reason=_reason(exc)))

    def add(self, draft: AccountDraft) -> None:
        draft.check()
        self.result.drafts.append(draft)

    def skip(self, label: str, reason: str) -> None:
        self.result.problems.append(ImportProblem(entry=label, reason=reason))


def guarded(what: str) -> Callable[[ParseFn], ParseFn]:
    """Decorate a ``parse`` function: a tuiauth error that is not already an ImportFormatError, or a
    malformed-data exception that slipped through, becomes ImportFormatError naming the format.

    The importers validate explicitly; this is the backstop that keeps the contract (only typed
    import errors) when a hostile file finds a path they did not foresee.
    """

    def decorate(parse: ParseFn) -> ParseFn:
        @functools.wraps(parse)
        def wrapper(data: bytes, password: str | None) -> ImportResult:
            try:
                return parse(data, password)
            except ImportFormatError:
                raise
            except TuiauthError as exc:
                raise ImportFormatError(f"this {what} file cannot be read: {exc.message}") from None
            except (*_ENTRY_ERRORS, RecursionError):
                raise ImportFormatError(f"this {what} file is damaged or not in the expected format") from None

        return wrapper

    return decorate


def answers_false_on_error(needs_password: Callable[[bytes], bool]) -> Callable[[bytes], bool]:
    """Decorate ``needs_password``: a file that cannot be read does not need a password (``parse``
    reports what is wrong with it)."""

    @functools.wraps(needs_password)
    def wrapper(data: bytes) -> bool:
        try:
            return needs_password(data)
        except (*_ENTRY_ERRORS, RecursionError):
            return False

    return wrapper


# --- passwords and decryption ---------------------------------------------------------------------
def require_password(password: str | None, what: str) -> str:
    if password is None:
        raise ImportPasswordError(f"this {what} file is encrypted: give its password")
    return password


@contextmanager
def decrypting(what: str) -> Iterator[None]:
    """Turn crypto failures into the importer contract's errors.

    ``DecryptionError`` (authentication failed) means a wrong password or a damaged file;
    ``UnsafeParametersError`` and other tuiauth errors (KDF parameters out of range) become
    ``ImportFormatError`` with their message.
    """
    try:
        yield
    except DecryptionError:
        raise ImportPasswordError(f"the password is wrong for this {what} file (or the file is damaged)") from None
    except ImportFormatError:
        raise
    except TuiauthError as exc:
        raise ImportFormatError(f"this {what} file cannot be decrypted: {exc.message}") from None
    except (ValueError, TypeError, OverflowError):
        raise ImportFormatError(f"this {what} file has malformed encryption parameters") from None


# --- sniffing -------------------------------------------------------------------------------------
def has_suffix(filename: str, *suffixes: str) -> bool:
    lower = filename.lower()
    return any(lower.endswith(s) for s in suffixes)


def head_text(head: bytes) -> str:
    """The sniffed head as text (undecodable bytes replaced), without a byte-order mark."""
    return head[:SNIFF_BYTES].decode("utf-8", "replace").lstrip("\ufeff")
