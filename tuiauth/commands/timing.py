"""When ``tuiauth code`` computes its code: now, or — with ``--min-remaining`` — at the start of the
next period when the current code is about to expire. Standard library only (the agent's fast path);
tests replace ``now`` and ``sleep`` with ``tuiauth.testing.app.FakeClock`` (no real waiting)."""

from __future__ import annotations

import time

now = time.time
sleep = time.sleep


def too_long(min_remaining: float, period: int) -> str:
    return f"--min-remaining {min_remaining:g} is not shorter than the code's period ({period} s)"


def moment_for(at: float, period: int | None, min_remaining: float | None, *, given: bool) -> float | None:
    """The moment whose code to print: ``at`` when its code has at least ``min_remaining`` seconds
    left (or the code has no period: HOTP); else the start of the next period, waited for unless
    ``at`` was given (``--at``). None when no code lasts that long (``too_long`` says why)."""
    if not min_remaining or period is None:
        return at
    if min_remaining >= period:
        return None
    left = period - (at % period)
    if left >= min_remaining:
        return at
    if given:
        return at + left
    sleep(left)
    return max(now(), at + left)
