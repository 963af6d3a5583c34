"""``tuiauth import`` and ``tuiauth export``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from ..core import account_ops, exporting
from ..core.accounts import Account, AccountDraft
from ..core.errors import ExportError, ImportPasswordError
from ..core.secrets import b32encode
from ..core.specs.exporters import QrExport
from ..core.specs.importers import ImporterSpec
from . import qr_output
from .common import (
    UsageError,
    account_json,
    add_password_options,
    open_vault,
    print_json,
    prompt_new_password,
    read_password_file,
    say_warning,
    services_from,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="import another app's export (the format is detected)")
    p.add_argument("file", nargs="?", type=Path, help="the export file or folder (or a QR image of a transfer code)")
    p.add_argument("--list", action="store_true", help="list the formats by app, with how to make each file")
    p.add_argument("--format", metavar="NAME", help="read the file as this format instead of detecting it")
    p.add_argument("--import-password-file", metavar="FILE", help="the encrypted export's password (first line)")
    p.add_argument("--import-key-file", metavar="FILE", type=Path, help="the key file of a KeePass database")
    p.add_argument("--dry-run", action="store_true", help="show what the file holds; change nothing")
    p.add_argument(
        "--include-conflict",
        metavar="N",
        type=int,
        action="append",
        default=[],
        help="also add entry N although an account with its name but another secret exists (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--show-secrets", action="store_true", help="include the secrets (with --dry-run --json only)")
    add_password_options(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export the accounts for another app (secrets in the clear: careful)")
    p.add_argument("query", nargs="?", metavar="QUERY", help="export only the account QUERY matches (as for 'code')")
    p.add_argument("--account", metavar="QUERY", help="the same as QUERY")
    p.add_argument("--format", metavar="NAME", help="the export format ('tuiauth export --list' names them)")
    p.add_argument("--list", action="store_true", help="list the export formats")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (created 0600; '-' = the terminal)")
    p.add_argument("--export-password-file", metavar="FILE", help="encrypt the export with this password")
    p.add_argument("--yes", action="store_true", help="do not ask before writing secrets in the clear")
    add_password_options(p)
    p.set_defaults(func=cmd_export)


def draft_json(draft: AccountDraft, *, show_secret: bool = False) -> dict[str, Any]:
    """The dry-run shape: the account fields, and with ``show_secret`` the secret as unpadded
    upper-case base32."""
    out = {
        "issuer": draft.issuer,
        "name": draft.name,
        "type": draft.type,
        "algorithm": draft.algorithm,
        "digits": draft.digits,
        "period": draft.period,
        "counter": draft.counter,
    }
    if show_secret:
        out["secret"] = b32encode(draft.secret)
    return out


def _list_formats(specs: dict[str, Any], as_json: bool) -> int:
    if as_json:
        print_json([{"name": n, "label": s.label, "description": s.description} for n, s in sorted(specs.items())])
        return 0
    width = max(len(n) for n in specs)
    for name, spec in sorted(specs.items()):
        print(f"{name:<{width}}  {spec.label}")
    return 0


def _list_importers(specs: dict[str, ImporterSpec], as_json: bool) -> int:
    """The import formats grouped by the app that writes them, each with which file to pick and how
    to make it (``ImporterSpec.app`` and ``how``; a plugin that names no app is listed under its label)."""
    by_app: dict[str, list[tuple[str, ImporterSpec]]] = {}
    for name, spec in specs.items():
        by_app.setdefault(spec.app or spec.label, []).append((name, spec))
    apps = sorted(by_app.items(), key=lambda item: item[0].casefold())
    if as_json:
        print_json(
            [
                {"app": app, "name": name, "label": spec.label, "description": spec.description, "how": spec.how}
                for app, formats in apps
                for name, spec in sorted(formats)
            ]
        )
        return 0
    print("Formats tuiauth imports, by the app that writes them ('tuiauth import FILE-OR-FOLDER'; --format NAME):")
    width = max(len(name) for name in specs)
    for app, formats in apps:
        print(f"\n{app}")
        for name, spec in sorted(formats, key=lambda item: item[0]):
            print(f"  {name:<{width}}  {spec.label}")
            for line in textwrap.wrap(spec.how or spec.description, width=96):
                print(f"      {line}")
    return 0


def _import_password(args: argparse.Namespace, label: str) -> str:
    if args.import_password_file:
        return read_password_file(args.import_password_file)
    if not sys.stdin.isatty():
        raise ImportPasswordError(
            f"this {label} export is encrypted: give its password with --import-password-file FILE"
        )
    return getpass.getpass(f"Password of the {label} export: ")


def cmd_import(args: argparse.Namespace) -> int:
    from ..core import importing  # imported here: every tuiauth command loads this module

    services = services_from(args)
    importers = services.plugins.importers()
    if args.list:
        return _list_importers(importers, args.json)
    if args.file is None:
        raise UsageError("name the file to import (or use --list to see the formats)")
    if args.show_secrets and not (args.dry_run and args.json):
        raise UsageError("--show-secrets goes with --dry-run --json")
    data = importing.read_import_path(args.file)
    spec = (
        services.plugins.importer(args.format)
        if args.format
        else importing.detect_format(importers, data, str(args.file), warn=say_warning)
    )
    key_file = importing.read_import_file(args.import_key_file) if args.import_key_file else None
    locked = importing.needs_password(spec, data)
    if locked and key_file is not None and not args.import_password_file and not sys.stdin.isatty():
        password = None  # a database opened by its key file alone
    else:
        password = _import_password(args, spec.label) if locked else None
    result = importing.parse_with(spec, data, password, key_file)
    problems = [{"entry": p.entry, "reason": p.reason} for p in result.problems]
    if args.dry_run:
        if args.json:
            accounts = [draft_json(d, show_secret=args.show_secrets) for d in result.drafts]
            print_json({"format": spec.name, "accounts": accounts, "problems": problems})
        else:
            print(f"{spec.label}: {len(result.drafts)} accounts (nothing was imported: --dry-run)")
            for i, d in enumerate(result.drafts):
                print(f"  [{i}] {d.label}  {d.type} {d.algorithm} {d.digits} digits")
            _print_problems(problems)
        return 0
    methods = services.plugins.methods()
    with open_vault(args, services, write=True) as vault:
        plan = importing.review(spec, result, vault.data.accounts, methods)
        outcome = importing.apply_import(vault, plan, methods, set(args.include_conflict))
    conflicts = [
        {
            "index": c.index,
            "issuer": c.draft.issuer,
            "name": c.draft.name,
            "existing": c.existing.label if c.existing else "",
        }
        for c in outcome.conflicts_left
    ]
    if args.json:
        print_json(
            {
                "format": spec.name,
                "added": [account_json(a) for a in outcome.added],
                "duplicates": outcome.skipped_duplicates,
                "conflicts": conflicts,
                "problems": problems,
            }
        )
        return 0
    print(f"Imported {len(outcome.added)} accounts from {spec.label}.")
    if outcome.skipped_duplicates:
        print(f"Skipped {outcome.skipped_duplicates} already in the vault (same secret and settings).")
    for c in outcome.conflicts_left:
        print(
            f"Not imported: [{c.index}] {c.draft.label} has another secret than the account already in the vault; "
            f"add it beside that one with --include-conflict {c.index}"
        )
    _print_problems(problems)
    return 0


def _print_problems(problems: list[dict[str, str]]) -> None:
    if problems:
        print(f"Skipped {len(problems)} entries the file could not give:")
        for p in problems:
            print(f"  {p['entry']}: {p['reason']}")


def _accounts_to_export(args: argparse.Namespace, accounts: list[Account]) -> list[Account]:
    if args.query and args.account and args.query != args.account:
        raise UsageError("give the account either as QUERY or with --account, not both")
    query = args.query or args.account
    return [account_ops.resolve_one(accounts, query)] if query else accounts


def _confirm_in_clear(count: int, where: str) -> bool:
    if not sys.stdin.isatty():
        raise UsageError("this export holds every secret in the clear: add --yes to write it anyway")
    held = "the secret of 1 account" if count == 1 else f"the secrets of {count} accounts"
    answer = input(f"This shows {held} in the clear {where}. Go on? [y/N] ")
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("Nothing was exported.")
    return False


def _print_left_out(plan: QrExport) -> None:
    if plan.skipped:
        print(f"Left out of the {plan.title} ({len(plan.skipped)}):", file=sys.stderr)
        for line in exporting.skipped_lines(plan):
            print(f"  {line}", file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    services = services_from(args)
    exporters = services.plugins.exporters()
    if args.list:
        return _list_formats(exporters, False)
    if not args.format:
        raise UsageError("choose a format with --format NAME ('tuiauth export --list' names them)")
    spec = services.plugins.exporter(args.format)
    if args.export_password_file and not spec.supports_password:
        raise UsageError(f"the {spec.label} format cannot be encrypted; leave out --export-password-file")
    output = args.output or "-"
    if output != "-" and os.path.exists(output):
        raise ExportError(f"{output} already exists; choose another name (tuiauth never overwrites an export)")
    export_password: str | None = None
    if spec.supports_password:
        if args.export_password_file:
            export_password = read_password_file(args.export_password_file)
        elif not spec.plaintext_secrets:
            export_password = prompt_new_password("export password")
    with open_vault(args, services) as vault:
        accounts = _accounts_to_export(args, list(vault.data.accounts))
    in_clear = spec.plaintext_secrets and export_password is None
    where = "on this screen" if output == "-" else f"in {output}"
    if in_clear and not args.yes and not _confirm_in_clear(len(accounts), where):
        return 1
    if spec.qr is not None:
        plan = exporting.run_qr(spec, accounts)
        _print_left_out(plan)
        if output == "-":
            qr_output.show(plan)
            return 0
        data = exporting.qr_pages_text(plan).encode("utf-8")
        count = sum(len(batch.accounts) for batch in plan.batches)
    else:
        data = exporting.run_export(spec, accounts, export_password)
        count = len(accounts)
    if output == "-":
        sys.stdout.write(data.decode("utf-8", errors="replace"))
        sys.stdout.flush()
        return 0
    exporting.write_new_file(Path(output), data)
    print(f"Exported {count} accounts to {output} ({spec.label}, mode 0600).", file=sys.stderr)
    return 0
