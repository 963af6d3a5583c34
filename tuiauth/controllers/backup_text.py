"""The words the backup screens and the header marker use for a location's state.

Each failure gets a headline naming its kind and, for network problems, the cause (name lookup,
refused, timeout, TLS, reset), then the backend's own one-line message and what to do next with the
key that does it. The marker works without colour: a symbol and words, never colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.backup import BackupProblem, LocationStatus

CAUSES = {
    "dns": "name lookup failed",
    "refused": "connection refused",
    "timeout": "timed out",
    "tls": "certificate not trusted",
    "reset": "connection cut",
    "other": "network",
}
HEADLINES = {
    "network": "Network problem",
    "auth": "Sign-in failed",
    "permission": "Not allowed",
    "not-found": "Not found",
    "server": "Server error",
    "other": "Backup failed",
}
NEXT_STEPS = {
    "dns": "Check the server's address (its name could not be found), then press n to try again.",
    "refused": "Nothing answers at that address and port: is the server running? Press n to try again.",
    "timeout": "The server did not answer in time. Press n to try again.",
    "tls": "The server's certificate is not trusted: press s to give its CA file, or fix the address.",
    "auth": "Press s to sign in again with the right user name and password.",
    "permission": "This account may not write there: press s to sign in with one that may.",
    "not-found": "Create the folder (or bucket) and press n, or press s to change the address.",
}
#: Most urgent first: the marker and "fix" pick the first location in this order.
URGENCY = ("sign-in", "failed", "out-of-date", "ok")


def sentence(message: str) -> str:
    """A backend's one-line message as a sentence."""
    message = message.strip()
    return message[:1].upper() + message[1:].rstrip(".") + "." if message else ""


def problem_headline(problem: BackupProblem) -> str:
    headline = HEADLINES.get(problem.kind, HEADLINES["other"])
    if problem.kind == "network":
        return f"{headline} ({CAUSES.get(problem.cause or 'other', problem.cause)})"
    return headline


def problem_line(problem: BackupProblem) -> str:
    """The headline, then the backend's message: only the message where it already starts with the
    headline's words ("Sign-in failed at …")."""
    headline, message = problem_headline(problem), sentence(problem.message)
    return message if message.casefold().startswith(headline.casefold()) else f"{headline}: {message}"


def next_step(problem: BackupProblem) -> str:
    key = problem.cause if problem.kind == "network" and problem.cause in NEXT_STEPS else problem.kind
    return NEXT_STEPS.get(key, "Press n to try again; automatic backups keep retrying network troubles.")


def ago(then: float | None, now: float) -> str:
    if then is None:
        return "never"
    seconds = max(0, int(now - then))
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "h"), (60, "min")):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if unit == 'day' and count > 1 else ''} ago"
    return "just now"


def when(then: float | None, now: float) -> str:
    """An absolute time (UTC, as the CLI prints it) and how long ago."""
    if then is None:
        return "none yet"
    stamp = datetime.fromtimestamp(then, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"{stamp} ({ago(then, now)})"


def size_text(size: int | None) -> str:
    if size is None:
        return "?"
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024:.1f} KiB" if size < 1024**2 else f"{size / 1024**2:.1f} MiB"


def most_urgent(statuses: Sequence[LocationStatus]) -> LocationStatus | None:
    """The enabled location that most needs attention (else the first enabled one)."""
    enabled = [s for s in statuses if s.enabled]
    for marker in URGENCY:
        for status in enabled:
            if status.marker == marker:
                return status
    return None


def marker_texts(statuses: Sequence[LocationStatus], now: float, *, running: bool) -> tuple[tuple[str, ...], str]:
    """The header marker's wordings, longest first (the header shows the longest that fits beside the
    account count; each keeps its symbol and, when something needs fixing, "! fix"), and its level
    ("ok", "warn", "error", "" when backup is off)."""
    status = most_urgent(statuses)
    if status is None:
        return (("Backup off",) if statuses else ()), ""
    several = sum(s.enabled for s in statuses) > 1
    where = f" ({status.name})" if several else ""
    last = f"last {ago(status.last_verified_at, now)}"
    if status.marker == "sign-in":
        what = f"⚠ Backup{where}: sign in again"
        texts: tuple[str, ...] = (
            f"{what} · {last} · ! fix",
            f"{what} · ! fix",
            f"⚠ Sign in again{where} · ! fix",
            "⚠ ! fix",
        )
        return texts, "error"
    if status.marker == "failed" and status.last_error is not None:
        problem = status.last_error
        cause = CAUSES.get(problem.cause or "other") if problem.kind == "network" else None
        what = f"⚠ Backup failed{where}: {cause or problem_headline(problem).lower()}"
        texts = (
            f"{what} · {last} · ! fix",
            f"{what} · ! fix",
            f"⚠ Backup failed{where} · ! fix",
            "⚠ Failed · ! fix",
            "⚠ ! fix",
        )
        return texts, "error"
    if running:
        return (f"↻ Backing up… · {last}", "↻ Backing up…", "↻"), "warn"
    if status.marker == "out-of-date":
        return (f"● Backup out of date{where} · {last}", "● Backup out of date", "● Out of date", "●"), "warn"
    latest = max((s.last_verified_at or 0.0 for s in statuses if s.enabled), default=0.0)
    return (f"✓ Backed up {ago(latest or None, now)}", "✓ Backed up", "✓"), "ok"
