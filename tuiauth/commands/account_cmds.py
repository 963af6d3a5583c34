"""``tuiauth add``, ``list``, ``code`` and ``remove``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping

from ..core import account_ops, trash
from ..core.accounts import AccountDraft
from ..core.errors import TuiauthError, UriError
from ..core.secrets import b32decode
from ..core.specs import MethodSpec
from . import timing
from .common import (
    UsageError,
    account_json,
    add_password_options,
    open_vault,
    print_json,
    read_password_file,
    say_waiting,
    services_from,
)
from .output import print_code, print_list


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("add", help="add an account from an otpauth:// URI or from its details")
    p.add_argument(
        "uri",
        nargs="?",
        help="an otpauth:// URI (quote it), or '-' to read the URI or the secret from standard input",
    )
    p.add_argument("--issuer", help="the service, e.g. GitHub")
    p.add_argument("--account", help="the account name, e.g. alice@example.com")
    p.add_argument(
        "--secret-file", metavar="FILE", help="read the URI or the base32 secret from FILE (first line; '-' = stdin)"
    )
    p.add_argument(
        "--secret",
        help="the base32 secret (visible to other users in the process list: prefer --secret-file or '-')",
    )
    p.add_argument("--type", default="totp", help="totp (default), hotp, steam, or a plugin's method")
    p.add_argument("--algorithm", type=str.upper, help="SHA1, SHA256 or SHA512 (default: the method's, SHA1 for TOTP)")
    p.add_argument("--digits", type=int, help="code length (default: the method's, 6 for TOTP, 5 for Steam)")
    p.add_argument("--period", type=int, help="seconds per code (default: the method's, 30 for TOTP)")
    p.add_argument("--counter", type=int, default=0, help="initial HOTP counter (default 0)")
    p.add_argument("--json", action="store_true", help="print the new account as JSON")
    add_password_options(p)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("list", help="list the accounts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--show-secrets", action="store_true", help="include the secrets (JSON only)")
    add_password_options(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("code", help="print the current code of the account QUERY matches")
    p.add_argument("query", help="matches issuer or account name, case-insensitively")
    p.add_argument("--at", type=float, metavar="UNIX_TIME", help="the code at this time instead of now")
    p.add_argument("--json", action="store_true", help="print JSON with code and remaining seconds")
    p.add_argument(
        "--min-remaining",
        type=float,
        metavar="SECONDS",
        help="when the code expires sooner, wait for the next one (with --at: give the next one)",
    )
    p.add_argument(
        "--copy", action="store_true", help="put the code on the clipboard instead of printing it (not cleared)"
    )
    add_password_options(p)
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("remove", help="remove the account QUERY matches")
    p.add_argument("query", help="matches issuer or account name, case-insensitively")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_password_options(p)
    p.set_defaults(func=cmd_remove)


def _given_secret(args: argparse.Namespace) -> str | None:
    """The URI or secret read from standard input (``add -``) or ``--secret-file``, if asked for."""
    source = "-" if args.uri == "-" else args.secret_file
    if source is None:
        return None
    if args.uri == "-" and args.secret_file:
        raise UsageError("give '-' or --secret-file, not both")
    if source == "-" and args.password_stdin:
        raise UsageError("standard input cannot hold both the secret and the password: use --password-file")
    if args.secret or (args.uri and args.uri != "-"):
        raise UsageError("give the URI or secret one way only")
    if source == "-":
        line = sys.stdin.readline(64 * 1024).strip()
        if not line:
            raise UsageError("standard input holds no URI or secret")
        return line
    return read_password_file(source).strip()


def _draft_from_args(args: argparse.Namespace, methods: Mapping[str, MethodSpec]) -> AccountDraft:
    given = _given_secret(args)
    schemes = ("otpauth://", *(f"{s.lower()}://" for m in methods.values() for s in m.uri_schemes))
    uri = args.uri if given is None else (given if given.lower().startswith(schemes) else None)
    secret = args.secret if given is None else (None if uri else given)
    details = [args.issuer, args.account, secret]
    if uri:
        if any(v is not None for v in details):
            raise UsageError("give either a URI or --issuer/--account/--secret, not both")
        if not uri.lower().startswith(schemes):
            raise UriError("that is not an otpauth:// URI (quote the whole URI in the shell)")
        from ..core.otpauth import parse_uri  # only `add` parses URIs

        return parse_uri(uri, methods)
    if not secret:
        raise UsageError("give an otpauth:// URI, or at least --secret (with --issuer and --account)")
    method = account_ops.method_for(methods, args.type.lower())
    return AccountDraft(
        issuer=(args.issuer or "").strip(),
        name=(args.account or "").strip(),
        secret=b32decode(secret),
        type=method.name,
        algorithm=args.algorithm or method.default_algorithm,
        digits=method.default_digits if args.digits is None else args.digits,
        period=method.default_period if args.period is None else args.period,
        counter=args.counter,
    )


def cmd_add(args: argparse.Namespace) -> int:
    services = services_from(args)
    methods = services.plugins.methods()
    draft = _draft_from_args(args, methods)
    account_ops.check_draft(methods, draft)
    with open_vault(args, services, write=True) as vault:
        account = account_ops.add_account(vault, draft, methods)
    if args.json:
        print_json(account_json(account))
    else:
        print(f"Added {account.label}.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    if args.show_secrets and not args.json:
        raise UsageError("--show-secrets goes with --json")
    services = services_from(args)
    with open_vault(args, services) as vault:
        accounts = list(vault.data.accounts)
    print_list([account_json(a, show_secret=args.show_secrets) for a in accounts], as_json=args.json)
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    services = services_from(args)
    at = args.at if args.at is not None else timing.now()
    with open_vault(args, services) as vault:
        account = account_ops.resolve_one(vault.data.accounts, args.query)
        method = services.plugins.method(account.type)
        methods = {account.type: method}
        period = method.period(account)
        moment = timing.moment_for(at, period, args.min_remaining, given=args.at is not None)
        if moment is None:
            raise UsageError(timing.too_long(args.min_remaining, period or 0))
        at = moment
        if method.counter_based:
            vault.make_writable(on_wait=say_waiting)
        code = account_ops.use_code(vault, methods, account.id, at)
    remaining = None if period is None else int(period - (at % period))
    problem = print_code(account_json(account), code, remaining, as_json=args.json, copy=args.copy)
    if problem is not None:
        raise TuiauthError(problem)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    services = services_from(args)
    with open_vault(args, services, write=True) as vault:
        account = account_ops.resolve_one(vault.data.accounts, args.query)
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError(f"add --yes to remove {account.label} without being asked")
            days = trash.KEEP_SECONDS // 86400
            question = f"Remove {account.label}? It moves to the trash for {days} days (tuiauth trash list)."
            answer = input(f"{question} [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing was removed.")
                return 1
        account_ops.remove_account(vault, account.id)
    print(f"Removed {account.label}.")
    return 0
