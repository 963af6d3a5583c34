"""What goes over the agent's socket: one JSON object, one line, each way; then the agent hangs up.

Requests: ``{"op": "status" | "unlock" | "lock" | "stop" | "code" | "list", ...}`` — ``unlock``
carries ``password``, ``code`` carries ``query`` and ``at`` (UNIX time); ``vault`` (the vault file's
real path), when given, must be the agent's own, or the reply is ``{"other_vault": true}``.
Replies: ``{"ok": true, ...}``; ``{"locked": true}`` when the agent holds no open vault (the client
then asks for the password itself); ``{"error": MESSAGE, "exit": STATUS}`` for what the command line
would report as ``tuiauth: MESSAGE`` with that exit status. ``stderr`` in a reply holds lines the
command line would have printed on standard error (a backup's result after an HOTP code).

No reply ever holds an account's secret or the vault's key.

On the fast path of ``tuiauth code``: standard library only.
"""

from __future__ import annotations

import json

#: ``typing`` stays unimported on the fast path; type checkers take this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from _socket import socket
    from typing import Any

    Message = dict[str, Any]

#: A request or reply larger than this is refused (a list of 10,000 accounts is about 2.5 MiB).
MAX_MESSAGE = 16 * 1024 * 1024


class ProtocolError(Exception):
    """The other side sent something that is not one JSON object on one line."""


def encode(message: Message) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def receive(sock: socket) -> Message:
    """Read one line (up to ``MAX_MESSAGE``) and decode it."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if chunk.endswith(b"\n") or size > MAX_MESSAGE:
            break
    raw = b"".join(chunks)
    if size > MAX_MESSAGE or not raw.endswith(b"\n"):
        raise ProtocolError("an incomplete or oversized message")
    try:
        message = json.loads(raw)
    except ValueError:
        raise ProtocolError("a message that is not JSON") from None
    if not isinstance(message, dict):
        raise ProtocolError("a message that is not a JSON object")
    return message
