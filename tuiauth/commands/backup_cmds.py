"""``tuiauth backup enable|signin|status|now|check|disable|remove``: encrypted, verified backups.

Sign-in values come from ``--set key=value`` or, for secrets, ``--set-file key=FILE`` (first line) or
a prompt without echo; the recovery secret from ``--secret-file FILE`` or a prompt (asked twice).
Nothing secret is ever printed. ``now`` exits 1 when a location fails, with one line per failure, and
writes nothing to a location already holding the accounts as they are (``--force`` writes anyway).
``status`` exits 1 when a location is failed, needs signing in or is out of date. ``check`` reads
every location back (tuiauth/core/backup/check.py) and exits 1 with one line per problem: for cron
or a systemd timer (docs/backup-check.md).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine is imported when a backup command runs, not by every tuiauth command
    from ..core.backup import BackupEngine, LocationStatus
    from ..core.backup.check import LocationCheck
    from ..core.specs import BackendSpec
from . import sync_cmds
from .common import (
    UsageError,
    add_password_options,
    open_vault,
    print_json,
    read_password_file,
    services_from,
    warn_secrets_on_command_line,
)

#: What to do next, by failure kind (network, sign-in), after the backend's own one-line message.
NEXT_STEP = {
    "network": "try again later: tuiauth backup now",
    "server": "try again later: tuiauth backup now",
    "auth": "sign in again: tuiauth backup signin --location {name}",
    "permission": "use an account allowed to write there: tuiauth backup signin --location {name}",
    "not-found": "create the folder or bucket, or fix the address: tuiauth backup signin --location {name}",
}


#: How long a change may wait for its backup before ``backup check`` calls the location stale.
DEFAULT_MAX_AGE = "1d"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="encrypted, verified backups to a folder, WebDAV, S3 …")
    commands = backup.add_subparsers(title="backup commands", metavar="COMMAND", required=True)

    p = commands.add_parser("enable", help="turn backup on to a new location (or back on)")
    p.add_argument("--location", required=True, metavar="NAME", help="a name for the location, e.g. home")
    p.add_argument("--backend", metavar="NAME", help="local, webdav, or an installed plugin's (e.g. s3)")
    _add_settings_options(p)
    p.add_argument("--secret-file", metavar="FILE", help="read the recovery secret from FILE (first line)")
    p.add_argument(
        "--different-secret",
        action="store_true",
        help="give this location its own recovery secret (default: the one the other locations use)",
    )
    p.add_argument("--keep", type=int, default=10, metavar="N", help="backup generations to keep (default 10)")
    p.add_argument(
        "--share", action="store_true",
        help="the location holds another device's backups: back up there too (a sync with that device)",
    )  # fmt: skip
    _common(p, cmd_enable)

    p = commands.add_parser("trust", help="trust the device whose backup holds the sync at a location, then sync")
    p.add_argument("--location", required=True, metavar="NAME")
    _common(p, sync_cmds.cmd_trust)

    p = commands.add_parser("signin", help="new sign-in values for a location, then back up")
    p.add_argument("--location", required=True, metavar="NAME")
    _add_settings_options(p)
    _common(p, cmd_signin)

    p = commands.add_parser("status", help="each location's last verified backup and last error")
    p.add_argument("--location", metavar="NAME", help="only this location")
    _common(p, cmd_status)

    p = commands.add_parser("now", help="back up now to every enabled location (or one)")
    p.add_argument("--location", metavar="NAME", help="only this location")
    p.add_argument("--force", action="store_true", help="write a new generation even when nothing changed")
    _common(p, cmd_now)

    p = commands.add_parser(
        "check", help="read every location back and compare it with this vault (exit 1 on any problem)"
    )
    p.add_argument("--location", metavar="NAME", help="only this location")
    p.add_argument(
        "--max-age",
        default=DEFAULT_MAX_AGE,
        metavar="DURATION",
        help="a change not backed up for longer is a problem: 90m, 12h, 7d, 2w … (default 1d)",
    )
    _common(p, cmd_check)

    p = commands.add_parser("disable", help="stop backing up to a location (its backups stay)")
    p.add_argument("--location", required=True, metavar="NAME")
    _common(p, cmd_disable)

    p = commands.add_parser("remove", help="forget a location and its sign-in values (its backups stay)")
    p.add_argument("--location", required=True, metavar="NAME")
    _common(p, cmd_remove)


def _common(p: argparse.ArgumentParser, func: object) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")
    add_password_options(p)
    p.set_defaults(func=func)


def _add_settings_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="a field's value (secrets: use --set-file)"
    )
    p.add_argument(
        "--set-file", action="append", default=[], metavar="KEY=FILE", help="a field's value from FILE (for secrets)"
    )


def _pairs(items: list[str], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{option} takes KEY=VALUE, e.g. {option} url=https://host/dav/")
        out[key.strip()] = value
    return out


def _settings(args: argparse.Namespace, spec: BackendSpec, known: Mapping[str, str]) -> dict[str, str]:
    """The fields given on the command line; secret fields not given are asked for without echo."""
    values = _pairs(args.set, "--set")
    warn_secrets_on_command_line(spec, values)
    for key, path in _pairs(args.set_file, "--set-file").items():
        values[key] = read_password_file(path)
    for f in spec.fields:
        if not f.secret or f.name in values or known.get(f.name):
            continue
        if sys.stdin.isatty():
            values[f.name] = getpass.getpass(f"{f.label}: ")
        elif f.required:
            raise UsageError(f"the {spec.name} backend needs '{f.name}': give it with --set-file {f.name}=FILE")
    return values


def _recovery_secret(args: argparse.Namespace, others: list[str]) -> str:
    """The secret from ``--secret-file`` or a prompt: when other locations exist and no
    ``--different-secret``, theirs, asked once (it is checked against their backup keys)."""
    if args.secret_file:
        return read_password_file(args.secret_file)
    if not sys.stdin.isatty():
        raise UsageError("no recovery secret given: use --secret-file FILE")
    if others and not args.different_secret:
        return getpass.getpass(f"The recovery secret your other backups use ({', '.join(others)}): ")
    first = getpass.getpass("Recovery secret for the backups (not your vault password): ")
    if getpass.getpass("Repeat the recovery secret: ") != first:
        raise UsageError("the two recovery secrets differ; nothing was changed")
    return first


@contextlib.contextmanager
def _engine(args: argparse.Namespace, *, write: bool) -> Iterator[BackupEngine]:
    from ..core.backup import BackupEngine

    services = services_from(args)
    with open_vault(args, services, write=write) as vault:
        yield BackupEngine(vault, services.plugins)


def _size(size: int | None) -> str:
    if size is None:
        return "?"
    return (
        f"{size} bytes" if size < 1024 else f"{size / 1024:.1f} KiB" if size < 1024**2 else f"{size / 1024**2:.1f} MiB"
    )


def _lines(s: LocationStatus) -> list[str]:
    from ..core.backup.clock import is_skewed, skew_message
    from ..core.backup.state import iso

    head = f"{s.name}: {s.description}" + ("" if s.enabled else " (turned off)")
    if s.last_verified_at is not None:
        last = f"last verified backup {iso(s.last_verified_at)}, generation {s.generation}, {_size(s.size)}"
    else:
        last = "no verified backup yet"
    lines = [head, f"  {last}"]
    if s.needs_sign_in:
        lines.append("  needs signing in again")
    if s.last_error is not None:
        cause = f", {s.last_error.cause}" if s.last_error.cause else ""
        lines.append(f"  last error ({s.last_error.kind}{cause}): {s.last_error.message}")
    if s.enabled and s.out_of_date:
        lines.append(f"  out of date: {s.out_of_date_reason or 'the accounts changed since the last verified backup'}")
    lines += sync_cmds.shared_lines(s)
    lines += [f"  note: {n}" for n in s.notices]
    if is_skewed(s.clock_offset):
        assert s.clock_offset is not None
        lines.append(f"  clock: {skew_message(s.clock_offset, 'the server')}")
    return lines


def _report(args: argparse.Namespace, statuses: list[LocationStatus]) -> None:
    if args.json:
        print_json([s.to_json() for s in statuses])
    else:
        for s in statuses:
            print("\n".join(_lines(s)))


def _fail_lines(statuses: list[LocationStatus]) -> int:
    held = sync_cmds.held_lines(statuses)
    failed = [s for s in statuses if s.last_error is not None]
    for s in failed:
        assert s.last_error is not None
        step = NEXT_STEP.get(s.last_error.kind, "")
        hint = f" ({step.format(name=s.name)})" if step else ""
        print(f"tuiauth: backup to {s.name!r} failed: {s.last_error.message}{hint}", file=sys.stderr)
    return 1 if failed or held else 0


def cmd_enable(args: argparse.Namespace) -> int:
    from ..core.backup import BackupEngine
    from ..core.backup.shared_secret import enable_location

    services = services_from(args)
    with open_vault(args, services, write=True) as vault:
        engine = BackupEngine(vault, services.plugins)
        if args.location in vault.data.locations and not args.backend:
            status = engine.set_enabled(args.location, True)
        else:
            if not args.backend:
                raise UsageError("give the location's --backend (local, webdav, …)")
            spec = services.plugins.backend(args.backend)
            settings = _settings(args, spec, {})
            secret = _recovery_secret(args, engine.locations)
            status = enable_location(
                engine,
                args.location,
                args.backend,
                settings,
                secret,
                different=args.different_secret,
                kdf=services.kdf,
                keep=args.keep,
                share=args.share,
            )
        _report(args, [status])
        return _fail_lines([status])


def cmd_signin(args: argparse.Namespace) -> int:
    with _engine(args, write=True) as engine:
        record = engine.record(args.location)
        spec = engine.plugins.backend(record.backend)
        status = engine.sign_in(args.location, _settings(args, spec, {}))
        _report(args, [status])
        return _fail_lines([status])


def cmd_status(args: argparse.Namespace) -> int:
    """Exit 1 when an enabled location failed, needs signing in or is out of date (one line each)."""
    with _engine(args, write=False) as engine:
        statuses = engine.status(args.location)
        if not statuses and not args.json:
            print("Backup is off: turn it on with 'tuiauth backup enable --location NAME --backend NAME'.")
        else:
            _report(args, statuses)
        code = _fail_lines([s for s in statuses if s.enabled])
        for s in statuses:
            if s.enabled and s.last_error is None and s.out_of_date and not s.out_of_date_reason:
                print(f"tuiauth: backup to {s.name!r} is out of date (tuiauth backup now)", file=sys.stderr)
                code = 1
        return code


def cmd_now(args: argparse.Namespace) -> int:
    with _engine(args, write=True) as engine:
        targets = [s for s in engine.status(args.location) if s.enabled or args.location]
        if not targets:
            raise UsageError("no backup location is turned on: use 'tuiauth backup enable'")
        statuses = engine.backup_now(args.location, only_needed=not args.force)
        code = _fail_lines(statuses)
        if code:
            engine.save_state()  # record the failure (the accounts are unchanged)
        _report(args, statuses)
        done = {s.name for s in statuses}
        for s in targets:
            if s.name not in done and not args.json:
                print(
                    f"{s.name}: nothing changed since the last verified backup (generation {s.generation}): "
                    "nothing written (--force writes a new one; tuiauth backup check reads it back)"
                )
        return code


def cmd_check(args: argparse.Namespace) -> int:
    """Read each enabled location (or ``--location``) back; exit 1 with one line per problem."""
    from ..core.backup.check import check_location, parse_duration

    try:
        max_age = parse_duration(args.max_age)
    except ValueError:
        raise UsageError(f"--max-age takes a duration such as 90m, 12h, 7d or 2w, not {args.max_age!r}") from None
    from ..core.backup import BackupEngine

    services = services_from(args)
    with open_vault(args, services, write=False) as vault:
        engine = BackupEngine(vault, services.plugins, clock=services.clock)
        names = [s.name for s in engine.status(args.location) if s.enabled or args.location]
        checks = [check_location(engine, n, max_age=max_age, clock=services.clock) for n in names]
    if args.json:
        print_json([c.to_json() for c in checks])
    else:
        for c in checks:
            print(_check_line(c))
        for c in checks:
            for p in c.problems:
                print(f"tuiauth: {c.location}: {p.kind}: {p.message}", file=sys.stderr)
    if not checks:
        print("tuiauth: backup is off: there is no location to check (tuiauth backup enable)", file=sys.stderr)
        return 1
    return 0 if all(c.ok for c in checks) else 1


def _check_line(c: LocationCheck) -> str:
    if c.generation is None or c.accounts is None:
        read = "could not be read back"
    else:
        read = f"generation {c.generation} written {c.written_at} by {c.device or '?'}, {c.accounts} accounts"
    verdict = "ok" if c.ok else f"{len(c.problems)} problem{'s' if len(c.problems) != 1 else ''}"
    return f"{c.location}: {verdict} ({read})"


def cmd_disable(args: argparse.Namespace) -> int:
    with _engine(args, write=True) as engine:
        _report(args, [engine.disable(args.location)])
        return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with _engine(args, write=True) as engine:
        engine.remove(args.location)
        if args.json:
            print_json({"removed": args.location})
        else:
            print(f"The location {args.location!r} was removed; the backups stored there were not deleted.")
        return 0
