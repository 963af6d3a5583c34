"""Re-verification flows of device-bound methods, described as data.

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
    """One form to fill in."""

    #: What the person is asked to do, a sentence or two.
    prompt: str
    #: The form's inputs.
    fields: tuple[FormField, ...] = ()
    #: Handed back to ``run`` with the values; never shown.
    state: Mapping[str, str] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, kw_only=True)
class ReverifyDone:
    """The proof was accepted."""

    #: The account's device-bound values on this device (never put in a backup).
    device: Mapping[str, str] = field(repr=False)
    #: Account fields to change, keys from ``REVERIFY_CHANGEABLE`` only.
    changes: Mapping[str, object] = field(default_factory=dict, repr=False)
    #: Shown to the person when the flow ends.
    message: str = ""


@dataclass(frozen=True, kw_only=True)
class ReverifyFlow:
    """One way to prove identity again for a device-bound method (``MethodSpec.reverify``)."""

    name: str
    label: str
    #: ``enrollment`` (a new enrollment from the provider) or ``sign-in`` (password, then a proof).
    kind: ReverifyKind
    #: The first form shown.
    first: ReverifyStep
    #: ``run(account, values, state)`` → the next step, or done; runs in a worker thread, may do
    #: network I/O, raises a ``TuiauthError`` with a message a person can act on when refused.
    run: Callable[[AccountDraft, Mapping[str, str], Mapping[str, str]], ReverifyStep | ReverifyDone]
    description: str = ""
