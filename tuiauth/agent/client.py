"""Talking to a running agent. Standard library only: ``tuiauth code`` through the agent must start
about as fast as Python itself."""

from __future__ import annotations

import _socket
import os

from .location import socket_path
from .protocol import ProtocolError, encode, receive

#: ``typing`` stays unimported on the fast path; type checkers take this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .protocol import Message

#: How long a client waits for the agent (an unlock derives the key: seconds on a slow machine).
TIMEOUT = 60.0


class AgentUnavailable(Exception):
    """No agent answers on the socket (none runs, or it went away)."""


def ask(path: str, request: Message, *, timeout: float = TIMEOUT) -> Message:
    """Send one request to the agent listening at ``path`` and return its reply."""
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)  # socket.py's imports cost the fast path
    try:
        sock.settimeout(timeout)
        try:
            sock.connect(path)
            sock.sendall(encode(request))
            return receive(sock)
        except (FileNotFoundError, ConnectionError, ProtocolError) as exc:
            raise AgentUnavailable(str(exc)) from None
        except OSError as exc:  # e.g. the folder is not ours to enter, or a timeout
            raise AgentUnavailable(os.strerror(exc.errno) if exc.errno else str(exc)) from None
    finally:
        sock.close()


def ask_agent(vault_file: str, request: Message, *, timeout: float = TIMEOUT) -> Message:
    """``ask`` the agent of ``vault_file``; ``AgentUnavailable`` when the agent on that socket serves
    another vault (``location.socket_name``)."""
    reply = ask(socket_path(vault_file), {**request, "vault": os.path.realpath(vault_file)}, timeout=timeout)
    if reply.get("other_vault"):
        raise AgentUnavailable("the agent on this socket serves another vault")
    return reply


def lock_agent(vault_file: str) -> bool:
    """Tell the agent of ``vault_file`` to lock, if one runs (the app's lock locks it too); True when
    an agent was told."""
    try:
        ask_agent(vault_file, {"op": "lock"}, timeout=5.0)
    except AgentUnavailable:
        return False
    return True
