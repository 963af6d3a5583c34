"""Re-verification flows of device-bound methods, described as data (PRODUCT R4).

An account whose method is device-bound (push approval, per-device keys) travels in a backup as its
identity only. After a restore it "needs more verification": it shows no code and approves nothing
until one of its method's flows has run on this device. A flow is a series of forms: the core shows
``first``, passes the values to ``run``, and ``run`` answers with the next form (``ReverifyStep``) or
with the new device-bound values (``ReverifyDone``). ``run`` raises a ``TuiauthError`` with a message
a person can act on when the proof is refused; it may do network I/O (the core calls it in a worker).

Two shapes are expected: ``enrollment`` (a new enrollment QR/URI from the provider — the work/school
flow) and ``sign-in`` (the account password, then a second proof — the personal flow).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..accounts import AccountDraft
from .forms import FormField

ReverifyKind = Literal["enrollment", "sign-in"]

#: The account fields a finished flow may change (a new enrollment can bring a new secret).
REVERIFY_CHANGEABLE = ("secret", "algorithm", "digits", "period", "counter", "extra")


@dataclass(frozen=True, kw_only=True)
class ReverifyStep:
    """One form to fill in. ``state`` is handed back to ``run`` with the values (never shown)."""

    prompt: str
    fields: tuple[FormField, ...] = ()
    state: Mapping[str, str] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, kw_only=True)
class ReverifyDone:
    """The proof was accepted: ``device`` becomes the account's device-bound values on this device."""

    device: Mapping[str, str] = field(repr=False)
    #: Account fields to change, keys from ``REVERIFY_CHANGEABLE`` only.
    changes: Mapping[str, object] = field(default_factory=dict, repr=False)
    message: str = ""


@dataclass(frozen=True, kw_only=True)
class ReverifyFlow:
    name: str
    label: str
    kind: ReverifyKind
    first: ReverifyStep
    #: ``run(account, values, state)`` → the next step, or done.
    run: Callable[[AccountDraft, Mapping[str, str], Mapping[str, str]], ReverifyStep | ReverifyDone]
    description: str = ""
