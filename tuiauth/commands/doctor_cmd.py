"""``tuiauth doctor [--json] [--target APP]``: what in the vault deserves a look (tuiauth/core/doctor.py).

Read-only. Exit status 0 when there is nothing to report, 1 with findings. ``--json`` prints exactly
the findings (kind, account id, label, advice), never a secret.
"""

from __future__ import annotations

import argparse

from .common import UsageError, add_password_options, open_vault, print_json, services_from


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("doctor", help="check the vault: duplicates, weak secrets, what another app cannot carry")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument(
        "--target",
        metavar="APP",
        help="also list the accounts this export format leaves out (e.g. google-transfer; "
        "'tuiauth export --list' names the formats)",
    )
    add_password_options(p)
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from ..core import doctor

    services = services_from(args)
    target = None
    if args.target:
        targets = doctor.check_targets(services.plugins.exporters())
        if args.target not in targets:
            raise UsageError(f"cannot check against {args.target!r}; choose one of: {', '.join(sorted(targets))}")
        target = targets[args.target]
    with open_vault(args, services) as vault:
        findings = doctor.examine(vault.data, services.plugins.methods(), target)
    if args.json:
        print_json([f.to_json() for f in findings])
    elif not findings:
        print("No findings: nothing in the vault needs a look.")
    else:
        print(f"{len(findings)} finding(s):")
        for f in findings:
            print(f"  {f.kind}: {f.label}\n    {f.advice}")
    return 1 if findings else 0
