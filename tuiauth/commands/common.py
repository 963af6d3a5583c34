"""What every command shares: where the password comes from, opening the vault, printing."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import crypto
from ..core.accounts import Account
from ..core.errors import CorruptFileError, TamperedFileError, TuiauthError, VaultMissingError
from ..core.secrets import b32encode
from ..core.vault import Vault
from ..services import Services
from .output import print_json

__all__ = ["print_json"]  # printed the same way on the agent's fast path (tuiauth/commands/output.py)

if TYPE_CHECKING:
    from ..core.specs import BackendSpec

MAX_PASSWORD_FILE = 64 * 1024


class UsageError(TuiauthError):
    """The command line asks for something impossible (exit status 2, like argparse)."""

    exit_code = 2


def services_from(args: argparse.Namespace) -> Services:
    return Services.create(args.home)


def read_password_file(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PASSWORD_FILE + 1)
    except OSError as exc:
        raise UsageError(f"cannot read the password file {path}: {exc.strerror}") from None
    if len(raw) > MAX_PASSWORD_FILE:
        raise UsageError(f"the password file {path} is larger than 64 KiB")
    return _first_line(raw.decode("utf-8", errors="strict"), f"the password file {path}")


def _first_line(text: str, where: str) -> str:
    line = text.split("\n", 1)[0].rstrip("\r")
    if not line:
        raise UsageError(f"{where} is empty")
    return line


def read_password(args: argparse.Namespace, prompt: str = "Vault password: ") -> str:
    """--password-file, then --password-stdin, then TUIAUTH_PASSWORD_FILE, then a prompt."""
    if getattr(args, "password_file", None):
        return read_password_file(args.password_file)
    if getattr(args, "password_stdin", False):
        return _first_line(sys.stdin.read(MAX_PASSWORD_FILE), "standard input")
    env_file = os.environ.get("TUIAUTH_PASSWORD_FILE")
    if env_file:
        return read_password_file(env_file)
    if not sys.stdin.isatty():
        raise UsageError("no password given: use --password-file FILE, --password-stdin or TUIAUTH_PASSWORD_FILE")
    return getpass.getpass(prompt)


def prompt_new_password(what: str = "vault password") -> str:
    if not sys.stdin.isatty():
        raise UsageError(f"no new {what} given: use --password-file FILE or --password-stdin")
    first = getpass.getpass(f"New {what}: ")
    if not first:
        raise UsageError(f"the {what} cannot be empty")
    if getpass.getpass(f"Repeat the {what}: ") != first:
        raise UsageError("the two passwords differ; nothing was changed")
    return first


def new_key_parameters(services: Services, what: str) -> crypto.KdfParams:
    """The parameters for a new password slot after one short speed probe; when the derivation will
    take over a second, a line on stderr says how long (only on a terminal: scripts see nothing)."""
    estimate = crypto.estimate_kdf(services.kdf, clock=services.kdf_clock)
    if estimate.seconds >= 1 and sys.stderr.isatty():
        print(f"Deriving the {what} key: {estimate.wording()} on this machine…", file=sys.stderr, flush=True)
    return estimate.params


def vault_path(services: Services) -> Path:
    return services.paths.vault_file


def previous_copies_hint(path: Path) -> str:
    """For a damaged vault: the previous copies kept beside it and how to open one."""
    from ..core.vaultcopies import previous_copies

    usable = [c for c in previous_copies(path) if not c.problem]
    if not usable:
        return ""
    listed = ", ".join(f"{c.number} (saved {c.when})" for c in usable)
    return f"; previous copies: {listed} — open one with 'tuiauth recover-copy N'"


def say_waiting(message: str) -> None:
    """Tell the person why the command pauses (another writer holds the vault lock)."""
    print(f"tuiauth: {message}", file=sys.stderr)


def say_warning(message: str) -> None:
    """Something went wrong that did not stop the command (a plugin failed on the way)."""
    print(f"tuiauth: warning: {message}", file=sys.stderr)


@contextlib.contextmanager
def open_vault(
    args: argparse.Namespace, services: Services, *, write: bool = False, recovery_key: str | None = None
) -> Iterator[Vault]:
    """The vault for one command — the one way a command opens it, with the password (or
    ``recovery_key``). When the command saved a change, it is backed up before the lock is let go
    (``back_up_changes``), so no command can forget the backup."""
    path = vault_path(services)
    if not Vault.exists(path):
        raise VaultMissingError(f"there is no vault at {path}: run 'tuiauth init' first")
    try:
        if recovery_key is not None:
            vault = Vault.open(path, recovery_key=recovery_key, write=write, on_wait=say_waiting)
        else:
            vault = Vault.open(path, password=read_password(args), write=write, on_wait=say_waiting)
    except (CorruptFileError, TamperedFileError) as exc:
        raise type(exc)(exc.message + previous_copies_hint(path)) from None
    try:
        yield vault
    finally:
        try:
            if vault.writable and vault.changes:
                back_up_changes(services, vault)
        finally:
            vault.close()


def warn_secrets_on_command_line(spec: BackendSpec, given: Mapping[str, str]) -> None:
    """A backend's secret given with ``--set`` is readable by every user (``/proc``) and kept in the
    shell's history: say so, and name the option that reads it from a file."""
    for f in spec.fields:
        if f.secret and f.name in given:
            print(
                f"tuiauth: warning: --set {f.name}=… puts a secret on the command line, where other users and "
                f"the shell history can read it: use --set-file {f.name}=FILE (or leave it out to be asked)",
                file=sys.stderr,
            )


def account_json(account: Account, *, show_secret: bool = False) -> dict[str, Any]:
    """The stable JSON shape of an account (field names fixed by the CLI contract)."""
    out: dict[str, Any] = {
        "id": account.id,
        "issuer": account.issuer,
        "name": account.name,
        "type": account.type,
        "algorithm": account.algorithm,
        "digits": account.digits,
        "period": account.period,
        "counter": account.counter,
        "groups": account.groups,
        "favourite": account.favourite,
    }
    if show_secret:
        out["secret"] = b32encode(account.secret)
    return out


def add_password_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("password")
    group.add_argument("--password-file", metavar="FILE", help="read the vault password from FILE (first line)")
    group.add_argument("--password-stdin", action="store_true", help="read the vault password from standard input")


def back_up_changes(services: Services, vault: Vault) -> None:
    """Backups follow every change, on the command line too: a change is backed up at once to each
    enabled location that needs it (``open_vault`` calls this after any save). A failure is a warning
    on stderr (the change itself is saved) and the location's marker shows it until ``tuiauth backup
    now`` succeeds."""
    from ..core.backup import BackupEngine

    engine = BackupEngine(vault, services.plugins)
    if not engine.needs_backup():
        return
    statuses = engine.apply(engine.prepare(only_needed=True).run())
    failed = [s for s in statuses if s.last_error is not None]
    if failed:
        engine.save_state()
    for status in statuses:
        if status.last_error is not None:
            print(
                f"tuiauth: warning: not backed up to {status.name}: {status.last_error.message}; "
                "'tuiauth backup now' retries",
                file=sys.stderr,
            )
        elif status.out_of_date_reason:
            print(
                f"tuiauth: warning: backup to {status.name} is out of date: {status.out_of_date_reason}",
                file=sys.stderr,
            )
        else:
            print(f"Backed up to {status.name} (generation {status.generation}, verified).", file=sys.stderr)
