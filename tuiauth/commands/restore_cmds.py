"""``tuiauth restore``: restore accounts from a backup location.

A vault must exist first: ``tuiauth init`` creates it and shows its recovery key once, which is a
separate, deliberate step (a new password typed twice, a key to write down); a restore then fills
it. ``--dry-run`` prints the plan and changes nothing; the real restore applies the same plan. A
location this vault does not have yet is written to only when the person says so (``--share``, or
yes to the question on a terminal): this machine then syncs with the devices that back up there.
Exit status 0 when restored or the plan was printed, 1
with a one-line message (what happened; what to do) otherwise, 2 for a malformed command line.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..core.errors import VaultMissingError
from ..core.vault import Vault

if TYPE_CHECKING:  # the restore machinery is imported when a restore runs, not by every command
    from ..core.restore.location import Location
    from ..core.restore.service import BackupChoice, PlannedRestore, RestoreReport, RestoreService
    from ..services import Services
from .common import (
    UsageError,
    add_password_options,
    open_vault,
    print_json,
    read_password_file,
    services_from,
    vault_path,
    warn_secrets_on_command_line,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "restore",
        help="restore accounts from a backup location (never overwrites or deletes an account)",
        description="Restore the accounts and their settings from a backup. By default the vault must hold "
        "no account; --merge only adds what is missing. --dry-run shows the plan without changing anything. "
        "On a new machine, create the vault first with 'tuiauth init'.",
    )
    p.add_argument(
        "--from",
        dest="location",
        required=True,
        metavar="LOCATION",
        help="a backup location configured in this vault, or the name to give a new one",
    )
    p.add_argument(
        "--backend",
        metavar="NAME",
        help="the location's storage backend (local, webdav, …) when it is not configured here",
    )
    p.add_argument(
        "--set",
        dest="values",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a sign-in value of the backend (repeatable), e.g. --set url=https://host/dav/",
    )
    p.add_argument(
        "--set-file",
        dest="value_files",
        action="append",
        default=[],
        metavar="KEY=FILE",
        help="a sign-in value read from FILE's first line (for secrets such as a password)",
    )
    p.add_argument("--generation", type=int, metavar="N", help="restore this backup generation instead of the newest")
    p.add_argument("--list", action="store_true", help="list the backups at the location and stop")
    p.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    p.add_argument("--merge", action="store_true", help="add what is missing even though the vault holds accounts")
    p.add_argument("--json", action="store_true", help="print JSON")
    sharing = p.add_mutually_exclusive_group()
    sharing.add_argument(
        "--share", action="store_true", default=None,
        help="back up to the location from this machine too (a sync with its devices)",
    )  # fmt: skip
    sharing.add_argument("--no-share", dest="share", action="store_false", help="write nothing to the location")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--secret-file", metavar="FILE", help="read the recovery secret from FILE (first line)")
    group.add_argument("--recovery-key-file", metavar="FILE", help="read the old vault's recovery key from FILE")
    add_password_options(p)
    p.set_defaults(func=cmd_restore)  # fmt: skip


def _pairs(items: Sequence[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{option} takes KEY=VALUE, not {item.split('=')[0]!r}")
        pairs.append((key.strip(), value))
    return pairs


def _given_values(args: argparse.Namespace) -> dict[str, str]:
    values = dict(_pairs(args.values, "--set"))
    for key, path in _pairs(args.value_files, "--set-file"):
        values[key] = read_password_file(path)
    return values


def _location(args: argparse.Namespace, services: Services, vault: Vault) -> Location:
    from ..core.backup.setup import check_location_name, complete_settings
    from ..core.restore.location import Location

    given = _given_values(args)
    if args.location in vault.data.locations:
        location = Location.configured_in(vault.data, args.location, given)
        if args.backend and args.backend != location.backend:
            raise UsageError(f"the location {args.location!r} uses the {location.backend} backend, not {args.backend}")
        return location
    if not args.backend:
        known = ", ".join(vault.data.locations) or "none"
        backends = ", ".join(sorted(services.plugins.backends()))
        raise UsageError(
            f"no location named {args.location!r} is configured in this vault (configured: {known}): describe it "
            f"with --backend NAME and --set KEY=VALUE (backends: {backends})"
        )
    spec = services.plugins.backend(args.backend)
    warn_secrets_on_command_line(spec, dict(_pairs(args.values, "--set")))
    if sys.stdin.isatty():
        for f in spec.fields:
            if f.secret and f.name not in given:
                given[f.name] = getpass.getpass(f"{f.label} for {args.location} (empty for none): ")
    name = check_location_name(args.location, vault.data.locations)
    return Location(name=name, backend=spec.name, settings=complete_settings(spec, given))


def _recovery(args: argparse.Namespace) -> dict[str, str]:
    if args.secret_file:
        return {"secret": read_password_file(args.secret_file)}
    if args.recovery_key_file:
        return {"recovery_key": read_password_file(args.recovery_key_file)}
    if not sys.stdin.isatty():
        raise UsageError(
            "no recovery secret given: use --secret-file FILE, or --recovery-key-file FILE with the old vault's "
            "recovery key"
        )
    return {"secret": getpass.getpass("Recovery secret of the backup: ")}


def cmd_restore(args: argparse.Namespace) -> int:
    from ..core.restore.location import Location
    from ..core.restore.problems import RestoreProblemError
    from ..core.restore.service import RestoreService

    if args.generation is not None and args.generation < 1:
        raise UsageError("--generation takes a generation number (1 or more)")
    services = services_from(args)
    path = vault_path(services)
    if not Vault.exists(path):
        raise VaultMissingError(
            f"there is no vault at {path} yet: create one with 'tuiauth init' (it shows the new vault's "
            "recovery key once), then run this restore again"
        )
    write = not (args.dry_run or args.list)
    with open_vault(args, services, write=write) as vault:
        location = _location(args, services, vault)
        others = [o for o in Location.all_configured(vault.data) if o.name != location.name]
        service = RestoreService(services.plugins, location, others=others)
        try:
            return _run(args, services, vault, service)
        except RestoreProblemError as exc:
            if args.json:
                print_json({"error": exc.problem.to_json()})
            raise
        finally:
            service.close()


def _run(args: argparse.Namespace, services: Services, vault: Vault, service: RestoreService) -> int:
    choices = service.backups()
    if args.list and not (args.secret_file or args.recovery_key_file):
        _print_choices(args, choices)
        return 0
    source = service.unlock(**_recovery(args), generation=args.generation)
    if args.list:
        _print_choices(args, service.backups())
        return 0
    planned = service.plan(vault.data, services.plugins.methods(), "merge" if args.merge else "strict")
    if not args.json:
        for warning in source.warnings:
            print(f"tuiauth: warning: {warning.text}", file=sys.stderr)
    if args.dry_run:
        _print_plan(args, planned)
        return 0
    report = service.apply(vault, planned, share=args.share is True)
    if report.offer is not None and args.share is None and sys.stdin.isatty() and not args.json:
        answer = input(f"{report.offer.question} [y/N] ")
        if answer.strip().casefold() in ("y", "yes"):
            status = report.offer.accept(vault, services.plugins)
            report = replace(report, location=status.name, backup=status, offer=None)
    _print_report(args, report)
    return 0


def _print_choices(args: argparse.Namespace, choices: list[BackupChoice]) -> None:
    if args.json:
        print_json([c.to_json() for c in choices])
        return
    for c in choices:
        i = c.info
        count = f"{c.accounts} accounts" if c.accounts is not None else "? accounts"
        state = "newest" if c.head else ("" if i.valid else f"unusable: {i.problem}")
        print(f"generation {i.generation:>4}  {i.time or '-':20}  {i.device or '-':16}  {count:12}  {state}".rstrip())


def _print_plan(args: argparse.Namespace, planned: PlannedRestore) -> None:
    from ..core.restore import render

    if args.json:
        out: dict[str, Any] = planned.plan.to_json()
        out["backup"] = {"generation": planned.source.generation, "objects": list(planned.source.objects)}
        out["warnings"] = [w.to_json() for w in planned.source.warnings]
        print_json(out)
        return
    print(f"Backup generation {planned.source.generation}.")
    print("\n".join(render.plan_lines(planned.plan)))
    print("Dry run: nothing was changed.")


def _print_report(args: argparse.Namespace, report: RestoreReport) -> None:
    from ..core.restore import render

    status = report.backup
    if args.json:
        r = report.result
        print_json(
            {
                "restored": [a.to_json() for a in r.added],
                "needs_verification": [a.to_json() for a in r.needs_verification],
                "identical": r.identical,
                "conflicts": r.conflicts,
                "notes": list(r.notes),
                "location": report.location,
                "backup": status.to_json() if status else None,
                "shared": status is not None,
                "warnings": [w.to_json() for w in report.warnings],
            }
        )
        return
    print("\n".join(render.result_lines(report.result)))
    for warning in report.warnings:
        if warning.kind != "rollback":  # printed before the plan was applied
            print(f"tuiauth: warning: {warning.text}", file=sys.stderr)
    if report.offer is not None:
        print(
            f"Nothing was written to {report.location}: this machine does not back up there. To back up there too "
            "(a sync with its devices), restore again with --merge --share."
        )
    elif status is None:
        print(f"Backup to {report.location} stays as it was configured.")
    elif status.last_error is None:
        print(f"Backup is on again for {report.location}: generation {status.generation} made and verified.")
    else:
        print(f"Backup is on for {report.location}, but the first backup failed: {status.last_error.message}")
