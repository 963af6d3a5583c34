"""Sync on the command line: ``tuiauth trash list|restore``, ``tuiauth backup trust``, and the lines
``backup status`` prints about a shared location (tuiauth/core/backup/sync.py, tuiauth/core/trash.py).

``trash list`` shows what was removed here or by another device, and this device's edits that lost a
conflict, newest first (kept 30 days); ``trash restore ENTRY`` brings one back (an entry id, or a
prefix of it, or the account's name). Exit status 0, or 1 with one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .common import add_password_options, open_vault, print_json, services_from

if TYPE_CHECKING:
    from ..core.backup.state import LocationStatus


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    trash = sub.add_parser("trash", help="accounts removed or replaced here or by another device (kept 30 days)")
    commands = trash.add_subparsers(title="trash commands", metavar="COMMAND", required=True)
    p = commands.add_parser("list", help="what the trash holds, newest first")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_password_options(p)
    p.set_defaults(func=cmd_list)
    p = commands.add_parser("restore", help="make an account in the trash live again (it syncs to the others)")
    p.add_argument("entry", metavar="ENTRY", help="the entry id (or its first characters) or the account's name")
    add_password_options(p)
    p.set_defaults(func=cmd_restore)


def _when(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M")


def cmd_list(args: argparse.Namespace) -> int:
    from ..core import trash

    services = services_from(args)
    with open_vault(args, services) as vault:
        items = trash.entries(vault.data)
    if args.json:
        print_json(
            [
                {
                    "entry": e.entry_id,
                    "id": e.account.id,
                    "issuer": e.account.issuer,
                    "name": e.account.name,
                    "why": e.why,
                    "reason": e.reason,
                    "device": e.device,
                    "at": e.at,
                    "expires_at": e.expires_at(),
                }
                for e in items
            ]
        )
    elif not items:
        print("The trash is empty.")
    else:
        for e in items:
            print(
                f"{e.entry_id[:8]}  {_when(e.at)}  {e.account.label}  ({e.reason}; kept until {_when(e.expires_at())})"
            )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..core import trash

    services = services_from(args)
    with open_vault(args, services, write=True) as vault:
        entry = trash.find(trash.entries(vault.data), args.entry)
        account = trash.restore(vault, entry.entry_id)
        print(f"Restored {account.label} from the trash.")
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    from ..core.backup import BackupEngine

    services = services_from(args)
    with open_vault(args, services, write=True) as vault:
        status = BackupEngine(vault, services.plugins).trust(args.location)
    if status.last_error is not None:
        print(f"tuiauth: backup to {status.name!r} failed: {status.last_error.message}", file=sys.stderr)
        return 1
    print(f"Synced with {status.name} (generation {status.generation}, verified).")
    return 0


def shared_lines(status: LocationStatus) -> list[str]:
    """``shared with 2 devices: phone (last seen …), desk (last seen …)`` for a shared location."""
    from ..core.backup.devices import device_labels
    from ..core.backup.state import iso

    if not status.shared_with:
        return []
    labels = device_labels(status.shared_with)
    devices = ", ".join(
        f"{label} (last seen {iso(d.seen) if d.seen else 'not yet'})"
        for label, d in zip(labels, status.shared_with, strict=True)
    )
    count = len(status.shared_with)
    return [f"  shared with {count} device{'s' if count != 1 else ''}: {devices}"]


def held_lines(statuses: Sequence[LocationStatus]) -> list[LocationStatus]:
    """One stderr line per location whose sync is held or whose backup is incomplete; returns them."""
    held = [s for s in statuses if s.enabled and s.last_error is None and s.out_of_date_reason]
    for s in held:
        print(f"tuiauth: backup to {s.name!r} is out of date: {s.out_of_date_reason}", file=sys.stderr)
    return held
