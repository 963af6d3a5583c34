"""Verification methods: what kind of code (or approval) an account produces.

Everything the core and the screens know about a method comes from its ``MethodSpec``: the Key URI
types and parameters it reads (``tuiauth/core/otpauth.py``), the ranges a draft must fit
(``MethodSpec.check_fields``), and how its code is grouped on screen (``MethodSpec.display``). No
method is known by name, so a third-party method takes part in all of it like a built-in one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from ..accounts import ALGORITHMS, MAX_DIGITS, MIN_DIGITS, AccountDraft
from ..errors import AccountError
from .reverify import ReverifyFlow

#: ``code(account, at)`` or, for a method that uses the account's device-bound values,
#: ``code(account, at, device)``.
CodeFunction = Callable[[AccountDraft, float], str] | Callable[[AccountDraft, float, Mapping[str, str]], str]


def _check(draft: AccountDraft) -> None:
    draft.check()


def _takes_device(code: Callable[..., str]) -> bool:
    """Whether ``code`` names a third positional parameter (the account's device-bound values). A
    wrapper made with ``functools.wraps`` shows the wrapped function's parameters; ``*args`` alone
    is called the old way, with two."""
    try:
        parameters = inspect.signature(code).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: called the old way
        return False
    return len([p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]) >= 3


@dataclass(frozen=True, kw_only=True)
class MethodSpec:
    """A verification method, e.g. ``totp``.

    ``code(account, at)`` returns the code shown for ``account`` at unix time ``at``. A method whose
    accounts hold device-bound values (``device_bound=True``) may take a third argument,
    ``code(account, at, device)``: the account's values that never leave this device (a read-only
    mapping, empty when there are none). Two-argument ``code`` functions keep working; the core
    looks at the signature once. ``code`` runs on the UI thread: it must be fast.

    For a counter-based method (``counter_based=True``, HOTP) ``at`` is ignored and the code is the
    one for ``account.counter``; the core advances and saves the counter each time a code is used.

    Every field below ``code`` has a default, so a method written for an older version keeps working.
    """

    name: str
    label: str
    code: CodeFunction
    counter_based: bool = False
    #: Credentials bound to this device never travel in a backup: after a restore the account needs more verification.
    device_bound: bool = False
    #: What a new account of this method starts with (the add form fills them in when it is chosen,
    #: and a Key URI without the parameter gets them).
    default_digits: int = 6
    default_algorithm: str = "SHA1"
    default_period: int = 30
    #: Raise ``AccountError`` when a draft cannot work with this method (beyond ``check_fields``).
    validate: Callable[[AccountDraft], None] = _check
    description: str = ""
    #: For a device-bound method: the ways to prove identity again after a restore.
    reverify: tuple[ReverifyFlow, ...] = ()

    #: Code lengths an account may have. A method with one length (``min_digits == max_digits``)
    #: ignores a Key URI's ``digits`` parameter.
    min_digits: int = MIN_DIGITS
    max_digits: int = MAX_DIGITS
    #: HMAC algorithms an account may use; with only one, a Key URI's ``algorithm`` is ignored.
    algorithms: tuple[str, ...] = ALGORITHMS
    #: The periods allowed, in seconds; ``()`` allows any from 1 s to a day. With only one, a Key
    #: URI's ``period`` is ignored.
    periods: tuple[int, ...] = ()
    #: False for a method whose accounts have no shared secret (a push approval's key is made on
    #: the device).
    needs_secret: bool = True

    #: Key URI types (the host of ``otpauth://TYPE/LABEL?QUERY``) read as this method, matched
    #: case-insensitively; the first is the one written. ``()`` means ``(name,)``.
    uri_types: tuple[str, ...] = ()
    #: Query parameters beyond secret, issuer, algorithm, digits, period and counter that this
    #: method reads: each is kept in ``account.extra`` under its name and written back to the URI.
    uri_parameters: tuple[str, ...] = ()
    #: Values of an ``encoder`` parameter that make any Key URI one of this method (KeePassXC marks
    #: Steam accounts ``otpauth://totp/…&encoder=steam``).
    uri_encoders: tuple[str, ...] = ()
    #: Other URI schemes read as this method: ``SCHEME://LABEL?QUERY`` (like an otpauth URI) or
    #: ``SCHEME://SECRET``; with ``uri_hex_secret`` their secret is written in hex, not base32.
    uri_schemes: tuple[str, ...] = ()
    uri_hex_secret: bool = False
    #: The issuer of an account read from a bare ``SCHEME://SECRET`` with no issuer of its own.
    default_issuer: str = ""

    #: How a code is shown: the sizes of its groups, left to right (``(4, 3)`` shows ``ABCD EFG``);
    #: ``()`` shows it whole; ``None`` splits a code of 6 or more characters in two halves
    #: (``123 456``, ``1234 5678``) and leaves a shorter one whole.
    code_groups: tuple[int, ...] | None = None

    @property
    def hosts(self) -> tuple[str, ...]:
        """The Key URI types of this method, lower case; the first is the one written."""
        return tuple(t.lower() for t in self.uri_types) or (self.name.lower(),)

    def period(self, account: AccountDraft) -> int | None:
        """Seconds per code for time-based methods, ``None`` for counter-based ones."""
        return None if self.counter_based else account.period

    @cached_property
    def _code_takes_device(self) -> bool:
        return _takes_device(self.code)

    def compute(self, account: AccountDraft, at: float, device: Mapping[str, str] | None = None) -> str:
        """``code`` called the way it was written: with the device-bound values when it takes them."""
        if self._code_takes_device:
            return self.code(account, at, device or {})  # type: ignore[call-arg]
        return self.code(account, at)  # type: ignore[call-arg]

    def check_fields(self, draft: AccountDraft) -> None:
        """Raise ``AccountError`` naming the first field outside this method's ranges."""
        if self.needs_secret and not draft.secret:
            raise AccountError("the secret is empty")
        if draft.algorithm not in self.algorithms:
            if draft.algorithm in (*ALGORITHMS, "MD5"):
                raise AccountError(f"a {self.label} account uses {_or(self.algorithms)}, not {draft.algorithm}")
            raise AccountError(f"unknown algorithm {draft.algorithm!r} (use {_or(self.algorithms)})")
        if not self.min_digits <= draft.digits <= self.max_digits:
            if self.min_digits == self.max_digits:
                raise AccountError(f"a {self.label} code has {self.min_digits} characters, not {draft.digits}")
            raise AccountError(f"digits must be between {self.min_digits} and {self.max_digits}, not {draft.digits}")
        if self.periods and not self.counter_based and draft.period not in self.periods:
            allowed = _or(tuple(f"{p} s" for p in self.periods))
            raise AccountError(f"a {self.label} account has a period of {allowed}, not {draft.period} s")
        draft.check()

    def accept(self, draft: AccountDraft) -> None:
        """Raise ``AccountError`` when ``draft`` cannot work: its fields, then the method's ``validate``."""
        self.check_fields(draft)
        self.validate(draft)

    def display(self, code: str) -> str:
        """``code`` grouped for reading, as ``code_groups`` says."""
        return format_code(code, self.code_groups)


def format_code(code: str, groups: tuple[int, ...] | None = None) -> str:
    """``code`` in groups of the sizes ``groups`` gives, the rest in a last group; ``()`` keeps it whole;
    ``None`` splits a code of 6 or more characters in halves: ``123 456``, ``1234 5678``, ``123 4567``."""
    if groups is None:
        half = len(code) // 2
        return code if len(code) < 6 else f"{code[:half]} {code[half:]}"
    parts: list[str] = []
    start = 0
    for size in groups:
        parts.append(code[start : start + size])
        start += size
    parts.append(code[start:])
    return " ".join(p for p in parts if p)


def _or(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"
