"""Verification methods: what kind of code (or approval) an account produces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..accounts import AccountDraft
from .reverify import ReverifyFlow


def _check(draft: AccountDraft) -> None:
    draft.check()


@dataclass(frozen=True, kw_only=True)
class MethodSpec:
    """A verification method, e.g. ``totp``.

    ``code(account, at)`` returns the code shown for ``account`` at unix time ``at``. For a
    counter-based method (``counter_based=True``, HOTP) ``at`` is ignored and the code is the one for
    ``account.counter``; the core advances and saves the counter each time a code is used.
    """

    name: str
    label: str
    code: Callable[[AccountDraft, float], str]
    counter_based: bool = False
    #: Credentials bound to this device never travel in a backup (PRODUCT R4).
    device_bound: bool = False
    #: What a new account of this method starts with (the add form fills them in when it is chosen).
    default_digits: int = 6
    default_algorithm: str = "SHA1"
    default_period: int = 30
    #: Raise ``AccountError`` when a draft cannot work with this method.
    validate: Callable[[AccountDraft], None] = _check
    description: str = ""
    #: For a device-bound method: the ways to prove identity again after a restore (PRODUCT R4).
    reverify: tuple[ReverifyFlow, ...] = ()

    def period(self, account: AccountDraft) -> int | None:
        """Seconds per code for time-based methods, ``None`` for counter-based ones."""
        return None if self.counter_based else account.period
