"""The code timer: which code each account shows at a given moment, computed as rarely as possible.

The accounts screen asks for a view of each row it draws, once a second, and only for the rows on
screen. A time-based code is computed once per period: the timer keeps, per account, the period
window the cached code belongs to, and recomputes only when the window rolls over (or when the account
was edited). In the last ``next_within`` seconds of a period the next code is computed too (once),
and when the period rolls over that next code becomes the current one without being computed again.

Counter-based accounts (HOTP) show no code until one is generated on demand (``use_counter_code``),
because computing a code is what uses up a counter value.

Nothing here knows about Textual; times are plain unix seconds from the caller's clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .accounts import Account
from .errors import PluginError, TuiauthError
from .specs.methods import MethodSpec

#: Seconds before the end of a period from which the next code is shown beside the current one.
NEXT_WITHIN = 5
#: The note of a device-bound account that must be verified on this device first.
NEEDS_VERIFICATION = "needs more verification"


@dataclass(frozen=True, slots=True)
class CodeView:
    """What one row shows: ``code`` ("" when there is none yet), ``next_code`` ("" outside the last
    seconds), ``remaining`` seconds and ``period`` (``None`` for counter-based methods), and ``note``
    explaining an empty code."""

    code: str
    next_code: str = ""
    remaining: int = 0
    period: int | None = None
    note: str = ""


@dataclass(slots=True)
class _Entry:
    window: int
    stamp: float
    code: str
    next_code: str | None = None


def delay_to_next_second(now: float) -> float:
    """Seconds until the next whole wall-clock second (never 0, so a timer always moves forward)."""
    return 1.0 - (now % 1.0) or 1.0


class CodeTimer:
    """Caches codes per account and period window; ``computations`` counts calls to a method."""

    def __init__(
        self,
        method_for: Callable[[str], MethodSpec | None],
        *,
        next_within: int = NEXT_WITHIN,
        needs_verification: Callable[[Account], bool] | None = None,
        on_failure: Callable[[str], None] = lambda message: None,
        device_values: Callable[[Account], Mapping[str, str]] | None = None,
    ):
        """``needs_verification(account)`` is asked for device-bound accounts only: such an account
        shows no code until it is verified on this device. ``on_failure(message)`` is
        told when a method's plugin fails for an account (once, until it fails differently).
        ``device_values(account)`` gives a method that takes them its account's device-bound values
        (``MethodSpec.compute``)."""
        #: The method of an account type (None when none is installed).
        self.method_for = method_for
        self._device_values = device_values
        self._next_within = next_within
        self._needs_verification = needs_verification
        self._on_failure = on_failure
        self._cache: dict[str, _Entry] = {}
        self._counter_codes: dict[str, tuple[int, str]] = {}
        #: Why a plugin's method could not make an account's last code (shown as the row's note).
        self._failures: dict[str, str] = {}
        self.computations = 0

    def view(self, account: Account, now: float) -> CodeView:
        method = self.method_for(account.type)
        if method is None:
            return CodeView("", note=f"no '{account.type}' method is installed")
        if method.device_bound and self._needs_verification is not None and self._needs_verification(account):
            return CodeView("", note=NEEDS_VERIFICATION)
        period = method.period(account)
        if period is None:
            return self._counter_view(account)
        window, into = divmod(int(now), period)
        remaining = period - into
        entry = self._cache.get(account.id)
        if entry is None or entry.stamp != account.updated_at or entry.window != window:
            entry = self._roll(entry, account, method, window, period)
            if entry is None:
                note = self._failures.get(account.id, "this account cannot make codes")
                return CodeView("", remaining=remaining, period=period, note=note)
        next_code = ""
        if remaining <= self._next_within:
            if entry.next_code is None:
                entry.next_code = self._compute(method, account, (window + 1) * period) or ""
            next_code = entry.next_code
        return CodeView(entry.code, next_code, remaining, period)

    def _roll(
        self, entry: _Entry | None, account: Account, method: MethodSpec, window: int, period: int
    ) -> _Entry | None:
        code: str | None
        if entry and entry.stamp == account.updated_at and entry.window + 1 == window and entry.next_code:
            code = entry.next_code
        else:
            code = self._compute(method, account, window * period)
        if code is None:
            self._cache.pop(account.id, None)
            return None
        fresh = _Entry(window, account.updated_at, code)
        self._cache[account.id] = fresh
        return fresh

    def _compute(self, method: MethodSpec, account: Account, at: float) -> str | None:
        """The code, or None with the reason kept for the row's note. ``code`` runs on the caller's
        (the UI's) thread; a plugin's failure arrives as a ``PluginError`` naming it
        (``tuiauth/core/plugincall.py``)."""
        self.computations += 1
        try:
            device = self._device_values(account) if self._device_values and method.device_bound else None
            code = method.compute(account, at, device)
        except PluginError as exc:
            if self._failures.get(account.id) != exc.message:
                self._failures[account.id] = exc.message
                self._on_failure(exc.message)
            return None
        except TuiauthError:
            return None
        self._failures.pop(account.id, None)
        return code

    def _counter_view(self, account: Account) -> CodeView:
        shown = self._counter_codes.get(account.id)
        if shown is None:
            return CodeView("", note=f"counter {account.counter}: generate a code")
        return CodeView(shown[1], note=f"counter {shown[0]}")

    def display(self, account: Account, code: str) -> str:
        """``code`` grouped for reading as the account's method says (``MethodSpec.code_groups``)."""
        method = self.method_for(account.type)
        return method.display(code) if method is not None else code

    def use_counter_code(self, account_id: str, counter: int, code: str) -> None:
        """Show ``code`` (generated for ``counter``) for a counter-based account until forgotten."""
        self._counter_codes[account_id] = (counter, code)

    def forget(self, account_id: str) -> None:
        self._cache.pop(account_id, None)
        self._counter_codes.pop(account_id, None)
        self._failures.pop(account_id, None)

    def clear(self) -> None:
        """Drop every cached code (when the vault is locked)."""
        self._cache.clear()
        self._counter_codes.clear()
        self._failures.clear()
