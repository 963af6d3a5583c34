"""``tuiauth agent start|stop|status``, ``tuiauth unlock`` and ``tuiauth lock``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..agent.client import AgentUnavailable, ask_agent
from ..agent.location import socket_path, vault_file_of
from ..core.errors import TuiauthError
from .common import add_password_options, read_password

if TYPE_CHECKING:
    from ..agent.protocol import Message

#: ``agent status`` exit statuses: unlocked, locked, no agent (as ``systemctl status``'s 3).
STATUS_UNLOCKED, STATUS_LOCKED, STATUS_NOT_RUNNING = 0, 1, 3


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("agent", help="the agent that keeps the vault unlocked for scripts (see 'unlock')")
    actions = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    a = actions.add_parser("start", help="start the agent, locked ('tuiauth unlock' unlocks it)")
    a.add_argument("--foreground", action="store_true", help="stay in the foreground (for systemd and the like)")
    a.set_defaults(func=cmd_agent_start)
    a = actions.add_parser("stop", help="lock and stop the agent")
    a.set_defaults(func=cmd_agent_stop)
    a = actions.add_parser("status", help="is it running, is it unlocked (exit status 0 unlocked, 1 locked, 3 none)")
    a.set_defaults(func=cmd_agent_status)

    p = sub.add_parser("unlock", help="unlock the vault in the agent (started if needed) for 'tuiauth code'")
    add_password_options(p)
    p.set_defaults(func=cmd_unlock)
    p = sub.add_parser("lock", help="make the agent forget the vault's key")
    p.set_defaults(func=cmd_lock)


class AgentReplyError(TuiauthError):
    """The agent answered with an error: its message and exit status, as the command itself would."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def agent_socket(args: argparse.Namespace) -> str:
    return socket_path(vault_file_of(args.home))


def ask_checked(args: argparse.Namespace, request: Message) -> Message:
    """The agent's reply; ``AgentReplyError`` when it is an error. ``AgentUnavailable`` passes through."""
    reply = ask_agent(vault_file_of(args.home), request)
    if "error" in reply:
        raise AgentReplyError(str(reply["error"]), int(reply.get("exit", 1)))
    return reply


def running(args: argparse.Namespace) -> Message | None:
    """The running agent's status, or None."""
    try:
        return ask_checked(args, {"op": "status"})
    except AgentUnavailable:
        return None


def cmd_agent_start(args: argparse.Namespace) -> int:
    from ..agent.process import run_agent, start_background

    status = running(args)
    if status is not None:
        print(f"The agent is already running (pid {status['pid']}).")
        return 0
    if args.foreground:
        run_agent(args.home)
        return 0
    pid = start_background(args.home).pid
    print(f"Agent started (pid {pid}), locked: 'tuiauth unlock' unlocks it.")
    return 0


def cmd_agent_stop(args: argparse.Namespace) -> int:
    try:
        ask_checked(args, {"op": "stop"})
    except AgentUnavailable:
        print("No agent is running.")
        return 0
    print("Agent stopped.")
    return 0


def _duration(seconds: float) -> str:
    minutes = max(0, round(seconds / 60))
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def cmd_agent_status(args: argparse.Namespace) -> int:
    status = running(args)
    if status is None:
        print(f"No agent is running (socket {agent_socket(args)}).")
        return STATUS_NOT_RUNNING
    if status["locked"]:
        print(f"The agent (pid {status['pid']}) is locked: 'tuiauth unlock' unlocks it.")
    else:
        print(f"The agent (pid {status['pid']}) is unlocked: {status['accounts']} accounts.")
        if status["locks_in"] is not None:
            print(f"It locks after {_duration(status['locks_in'])} without a request.")
    if status["exits_in"] is not None:
        print(f"It stops in {_duration(status['exits_in'])}.")
    print(f"Vault: {status['vault']}")
    print(f"Socket: {agent_socket(args)}")
    for line in status["hardening"]:
        print(line[:1].upper() + line[1:] + ".")
    return STATUS_LOCKED if status["locked"] else STATUS_UNLOCKED


def cmd_unlock(args: argparse.Namespace) -> int:
    from ..agent.process import start_background

    if running(args) is None:
        start_background(args.home)
    reply = ask_checked(args, {"op": "unlock", "password": read_password(args)})
    count = reply["accounts"]
    print(f"Unlocked: the agent answers 'tuiauth code' for {count} account{'s' * (count != 1)} until 'tuiauth lock'.")
    return 0


def cmd_lock(args: argparse.Namespace) -> int:
    try:
        ask_checked(args, {"op": "lock"})
    except AgentUnavailable:
        print("No agent is running: nothing to lock.")
        return 0
    print("Locked: the agent forgot the vault's key.")
    return 0
