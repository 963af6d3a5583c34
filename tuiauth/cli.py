"""The ``tuiauth`` command: the TUI by default, subcommands for scripts.

Every error is one line on stderr and a non-zero exit status — never a traceback (which could show
local values, secrets included).
"""

from __future__ import annotations

import os
import sys

from .core.errors import TuiauthError

#: ``typing`` stays unimported on the fast path; type checkers take this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from . import __version__
    from .commands import (
        account_cmds,
        agent_cmds,
        backup_cmds,
        completion,
        doctor_cmd,
        import_cmds,
        new_plugin,
        plugins_cmd,
        restore_cmds,
        sync_cmds,
        vault_cmds,
    )

    parser = argparse.ArgumentParser(
        prog="tuiauth",
        description="A two-factor authenticator for the terminal. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"tuiauth {__version__}")
    parser.add_argument("--home", metavar="DIR", help="keep the vault and config in DIR (or set TUIAUTH_HOME)")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    vault_cmds.register(sub)
    account_cmds.register(sub)
    agent_cmds.register(sub)
    import_cmds.register(sub)
    backup_cmds.register(sub)
    restore_cmds.register(sub)
    sync_cmds.register(sub)
    doctor_cmd.register(sub)
    plugins_cmd.register(sub)
    new_plugin.register(sub)
    completion.register(sub)
    return parser


def run_tui(args: argparse.Namespace) -> int:
    """The app, in a terminal only (tuiauth/terminal.py); its exit status is ``HANGUP_EXIT`` when the
    terminal went away (tuiauth/hangup_driver.py)."""
    from .terminal import limited_terminal, terminal_problem

    problem = terminal_problem()
    if problem is not None:
        print(
            f"tuiauth: the app needs a terminal ({problem}): use `ssh -t`, or the commands such as"
            " `tuiauth code` (`tuiauth --help` lists them)",
            file=sys.stderr,
        )
        return 2
    limited = limited_terminal()
    if limited:  # read by Textual when it is first imported, just below
        os.environ["TEXTUAL_COLOR_SYSTEM"] = "standard"
    from .app import make_app
    from .services import Services
    from .widgets.glyphs import ASCII

    services = Services.create(args.home)
    try:
        app = make_app(services)
        if limited:
            app.glyphs = ASCII
        if sys.platform != "win32":  # (Textual's Windows driver stays as it is)
            from .hangup_driver import HangupDriver

            app.driver_class = HangupDriver
        app.run(mouse=services.config.mouse)
    finally:
        services.close()
    return app.return_code or 0


def undecodable_argument(argv: Sequence[str]) -> int | None:
    """The position (from 1) of the first argument that was not valid UTF-8 (Python keeps such bytes
    as lone surrogates), or None."""
    for i, arg in enumerate(argv, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return i
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    bad = undecodable_argument(argv)
    if bad is not None:
        print(f"tuiauth: argument {bad} is not valid UTF-8 text; nothing was done", file=sys.stderr)
        return 2
    try:
        return run_command(argv)
    except TuiauthError as exc:
        print(f"tuiauth: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("tuiauth: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # the last line of defence: no traceback, no locals, no secret
        print(f"tuiauth: internal error ({type(exc).__name__}); please report it", file=sys.stderr)
        return 70


def run_command(argv: list[str]) -> int:
    """Through a running agent when it can answer (``tuiauth.agent.fastpath``); a plain ``code`` or
    ``list`` without building the whole parser; else the usual way."""
    from .agent.fastpath import parse, plain_arguments, run_through_agent

    parsed = parse(argv)
    plain = None if parsed is None else plain_arguments(parsed)
    if plain is not None:
        answered = run_through_agent(plain)
        if answered is not None:
            return answered
        from .commands.account_cmds import cmd_code, cmd_list

        return cmd_code(plain) if plain.command == "code" else cmd_list(plain)  # type: ignore[arg-type]
    args = build_parser().parse_args(argv)
    func = getattr(args, "func", run_tui)
    return int(func(args))


if __name__ == "__main__":
    sys.exit(main())
