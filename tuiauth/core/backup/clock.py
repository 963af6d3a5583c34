"""Clock skew: how far this computer's clock is from a storage server's.

Codes computed with a wrong clock are the most common cause of "the code is wrong". An HTTP server
says its time in the ``Date`` header of every reply, so a backend built on HTTP can report it at no
cost. The contract (optional, for any backend; documented for plugin authors in docs/plugins.md):

    backend.server_time: float | None
        The unix time the server's ``Date`` header gave in the backend's most recent reply, or None
        (no reply yet, no usable header, not an HTTP backend).

``tuiauth.plugin_kit.http.server_date`` parses the header; the built-in WebDAV backend and the
contrib S3 plugin set the attribute after each reply. The engine and ``tuiauth backup check``
compare it with their own clock right after talking to the server (``offset_of``): the header has a
one-second resolution and the reply takes a moment, far below the ``SKEW_LIMIT``.
"""

from __future__ import annotations

import math

#: Beyond this many seconds apart the app and ``backup check`` warn (a 30 s code is then wrong).
SKEW_LIMIT = 30.0


def server_time(backend: object) -> float | None:
    """The backend's ``server_time`` when it reports a usable one (anything else counts as None)."""
    value = getattr(backend, "server_time", None)
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0:
        return float(value)
    return None


def offset_of(backend: object, now: float) -> float | None:
    """Seconds the server's clock is ahead of ``now`` (negative: behind), or None when unknown."""
    server = server_time(backend)
    return None if server is None else server - now


def is_skewed(offset: float | None) -> bool:
    return offset is not None and abs(offset) > SKEW_LIMIT


def skew_message(offset: float, where: str) -> str:
    """One line for a person: which way the clock is off, by how much, and what to do."""
    direction = "behind" if offset > 0 else "ahead of"
    return (
        f"this computer's clock is {_amount(abs(offset))} {direction} the clock of {where}: codes will be "
        "wrong until it is set right (turn on automatic time, NTP)"
    )


def _amount(seconds: float) -> str:
    whole = round(seconds)
    if whole < 120:
        return f"{whole} s"
    minutes = round(seconds / 60)  # nearest: the reply and the Date header's whole seconds take a moment
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{round(seconds / 86400)} days"
