"""``tuiauth code`` and ``tuiauth list`` answered by a running agent, before the rest of the command
line is imported: with an agent, ``tuiauth code QUERY`` costs little more than Python's own start.

Only the plain forms are read here (``[--home DIR] code QUERY [--json] [--at T]``, ``list [--json]``,
the password options, which the agent does not need). Anything else — ``--help``, a misspelt option,
``--show-secrets`` — and an agent that is absent or locked leave the command to the full command line
(``tuiauth.cli``), which asks for the password: what it prints, its exit status and its errors are the
same either way (the agent runs the same code and sends the error's message and status).

Standard library only, and only the modules of this package that are.
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

from ..commands import timing
from ..commands.output import print_code, print_list
from .client import AgentUnavailable, ask_agent
from .location import vault_file_of

#: ``typing`` stays unimported on the fast path; type checkers take this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Per command: the options without a value and those with one that the fast path understands.
FLAGS = {"code": {"--json", "--copy", "--password-stdin"}, "list": {"--json", "--password-stdin"}}
VALUED = {"code": {"--at", "--min-remaining", "--password-file"}, "list": {"--password-file"}}
POSITIONALS = {"code": 1, "list": 0}
#: (``--home``, command, options, positionals) of a plain command line.
Parsed = tuple["str | None", str, dict[str, "Any"], list[str]]


def parse(argv: list[str]) -> Parsed | None:
    """(home, command, options, positionals) of a plain ``code`` or ``list`` command line; None for
    anything else."""
    home: str | None = None
    i = 0
    while i < len(argv) and argv[i].startswith("--home"):
        if argv[i] == "--home" and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            home, i = argv[i + 1], i + 2
        elif argv[i].startswith("--home="):
            home, i = argv[i].removeprefix("--home="), i + 1
        else:
            return None
    if i >= len(argv) or argv[i] not in FLAGS:
        return None
    command, rest = argv[i], argv[i + 1 :]
    options: dict[str, Any] = {}
    positionals: list[str] = []
    j = 0
    while j < len(rest):
        name, has_value, value = rest[j].partition("=")
        if rest[j] in FLAGS[command]:
            options[rest[j]] = True
        elif name in VALUED[command]:
            if not has_value:
                if j + 1 >= len(rest) or rest[j + 1].startswith("-"):
                    return None
                j += 1
                value = rest[j]
            options[name] = value
        elif rest[j].startswith("-"):
            return None
        else:
            positionals.append(rest[j])
        j += 1
    if len(positionals) != POSITIONALS[command]:
        return None
    return home, command, options, positionals


def plain_arguments(parsed: Parsed) -> SimpleNamespace | None:
    """The arguments ``argparse`` would give ``cmd_code``/``cmd_list`` for this plain command line
    (None when a value would not convert: then argparse reports it): without an agent, the command
    runs without building the parser of every command (``tuiauth.cli.run_command``)."""
    home, command, options, positionals = parsed
    args = SimpleNamespace(
        home=home,
        command=command,
        json=bool(options.get("--json")),
        password_file=options.get("--password-file"),
        password_stdin=bool(options.get("--password-stdin")),
    )
    if command == "list":
        args.show_secrets = False
        return args
    try:
        args.at = float(options["--at"]) if "--at" in options else None
        args.min_remaining = float(options["--min-remaining"]) if "--min-remaining" in options else None
    except ValueError:
        return None
    args.query = positionals[0]
    args.copy = bool(options.get("--copy"))
    return args


def run_through_agent(args: SimpleNamespace) -> int | None:
    """The exit status when the agent answered the command; None to run it the usual way."""
    vault_file = vault_file_of(args.home)
    try:
        if args.command == "list":
            reply = ask_agent(vault_file, {"op": "list"})
        else:
            at = args.at if args.at is not None else timing.now()
            reply = ask_agent(vault_file, {"op": "code", "query": args.query, "at": at})
            if reply.get("ok"):
                moment = timing.moment_for(at, reply["period"], args.min_remaining, given=args.at is not None)
                if moment is None:
                    return failed(timing.too_long(args.min_remaining, reply["period"]), 2)
                if moment != at:
                    reply = ask_agent(vault_file, {"op": "code", "query": args.query, "at": moment})
    except AgentUnavailable:
        return None
    if reply.get("locked"):
        return None
    sys.stderr.write(str(reply.get("stderr", "")))
    if "error" in reply:
        return failed(reply["error"], int(reply.get("exit", 1)))
    if args.command == "list":
        print_list(reply["accounts"], as_json=args.json)
        return 0
    problem = print_code(reply["account"], reply["code"], reply["remaining"], as_json=args.json, copy=args.copy)
    return 0 if problem is None else failed(problem, 1)


def failed(message: str, status: int) -> int:
    print(f"tuiauth: {message}", file=sys.stderr)
    return status
