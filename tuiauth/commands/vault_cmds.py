"""``tuiauth init``, ``passwd``, ``recovery-key status|rotate`` and ``recover-copy``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..core.errors import VaultExistsError
from ..core.vault import Vault
from .common import (
    UsageError,
    add_password_options,
    back_up_changes,
    new_key_parameters,
    open_vault,
    print_json,
    prompt_new_password,
    read_password,
    read_password_file,
    say_waiting,
    services_from,
    vault_path,
)

RECOVERY_NOTE = """\
Your recovery key (shown only this once — write it down and keep it somewhere safe):

    {key}

It opens this vault if you forget your password ('tuiauth' → unlock → use the recovery key, or
'tuiauth passwd --recovery-key-file FILE' to set a new password with it)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create a new vault and print its recovery key once")
    add_password_options(p)
    p.add_argument("--json", action="store_true", help="print the vault path and recovery key as JSON")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("passwd", help="change the vault password (with the password or the recovery key)")
    add_password_options(p)
    add_recovery_key_options(p, "open the vault with the recovery key instead of the password (forgotten password)")
    p.add_argument("--new-password-file", metavar="FILE", help="read the new password from FILE (first line)")
    p.set_defaults(func=cmd_passwd)

    p = sub.add_parser("recovery-key", help="whether a recovery key opens the vault; replace it with a new one")
    commands = p.add_subparsers(title="recovery-key commands", metavar="COMMAND", required=True)
    q = commands.add_parser("status", help="whether a recovery key opens the vault and each backup location")
    q.add_argument("--json", action="store_true", help="print JSON")
    add_password_options(q)
    q.set_defaults(func=cmd_recovery_status)
    q = commands.add_parser(
        "rotate", help="a new recovery key (printed once); the old one stops opening the vault and future backups"
    )
    q.add_argument("--json", action="store_true", help="print the new recovery key as JSON")
    q.add_argument("--yes", action="store_true", help="do not ask before replacing the key")
    add_password_options(q)
    add_recovery_key_options(q, "open the vault with the current recovery key instead of the password")
    q.set_defaults(func=cmd_recovery_rotate)

    p = sub.add_parser(
        "recover-copy",
        help="open a previous copy of a damaged vault (vault.tuiauth.1 … .3); the damaged file is kept aside",
    )
    p.add_argument("number", nargs="?", type=int, help="the copy to open (1 = newest); without it, list them")
    p.add_argument(
        "--replace-intact",
        action="store_true",
        help="open the copy even though the vault file is not damaged (its later changes are set aside with it)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    add_password_options(p)
    add_recovery_key_options(p, "open the copy with the recovery key instead of the password")
    p.set_defaults(func=cmd_recover_copy)


def add_recovery_key_options(p: argparse.ArgumentParser, what: str) -> None:
    group = p.add_argument_group("recovery key")
    group.add_argument("--recovery-key-file", metavar="FILE", help=f"{what}: read it from FILE ('-' = standard input)")
    group.add_argument("--recovery-key", action="store_true", help=f"{what}: ask for it without echo")


def recovery_key_from(args: argparse.Namespace) -> str | None:
    """The recovery key when the command was asked to use it (never from the command line itself)."""
    path = getattr(args, "recovery_key_file", None)
    if path == "-":
        line = sys.stdin.readline().strip()
        if not line:
            raise UsageError("no recovery key on standard input")
        return line
    if path:
        return read_password_file(path)
    if getattr(args, "recovery_key", False):
        if not sys.stdin.isatty():
            raise UsageError("no terminal to ask for the recovery key: use --recovery-key-file FILE (or -)")
        import getpass

        return getpass.getpass("Recovery key: ")
    return None


def cmd_init(args: argparse.Namespace) -> int:
    services = services_from(args)
    path = vault_path(services)
    if Vault.exists(path):
        raise VaultExistsError(f"a vault already exists at {path}; nothing was changed")
    given = args.password_file or args.password_stdin or os.environ.get("TUIAUTH_PASSWORD_FILE")
    password = read_password(args) if given else prompt_new_password()
    services.paths.ensure()
    device = services.config.device_name or None
    kdf = new_key_parameters(services, "vault")
    vault, recovery_key = Vault.create(path, password, kdf=kdf, device_name=device, on_wait=say_waiting)
    vault.close()
    if args.json:
        print_json({"vault": str(path), "recovery_key": recovery_key})
    else:
        print(f"Created the vault at {path}.\n")
        print(RECOVERY_NOTE.format(key=recovery_key))
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    services = services_from(args)
    key = recovery_key_from(args)
    if key is not None and (args.password_file or args.password_stdin):
        raise UsageError("give the recovery key or the current password, not both")
    with open_vault(args, services, write=True, recovery_key=key) as vault:
        new = read_password_file(args.new_password_file) if args.new_password_file else prompt_new_password()
        vault.change_password(new, kdf=new_key_parameters(services, "vault"))
    print("The vault password was changed; the recovery key is unchanged.")
    return 0


def cmd_recovery_status(args: argparse.Namespace) -> int:
    from ..core.recovery import recovery_status

    services = services_from(args)
    with open_vault(args, services) as vault:
        status = recovery_status(vault)
    if args.json:
        print_json(status.to_json())
    else:
        print("\n".join(status.lines()))
    return 0


def cmd_recovery_rotate(args: argparse.Namespace) -> int:
    services = services_from(args)
    key = recovery_key_from(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("add --yes to replace the recovery key without being asked")
        answer = input("Replace the recovery key? The old one will stop opening this vault. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("The recovery key was not changed.")
            return 1
    with open_vault(args, services, write=True, recovery_key=key) as vault:
        new_key = vault.rotate_recovery_key()
        locations = list(vault.data.locations)
    if args.json:
        print_json({"recovery_key": new_key, "locations": locations})
        return 0
    print(RECOVERY_NOTE.format(key=new_key))
    print("\nThe old recovery key no longer opens this vault.")
    if locations:
        print(
            f"Backups made from now on (to {', '.join(locations)}) open with the new key, not the old one; "
            "backups made before still open with the old key."
        )
    return 0


def _intact(path: Path) -> bool:
    """True when the vault file's checksum and header are sound (nothing derived)."""
    from ..core import sealed, vaultfile
    from ..core.errors import TuiauthError

    try:
        sealed.read_header(vaultfile.read_capped(path))
    except (OSError, TuiauthError):
        return False
    return True


def cmd_recover_copy(args: argparse.Namespace) -> int:
    from ..core.vaultcopies import previous_copies, restore_copy

    services = services_from(args)
    path = vault_path(services)
    copies = previous_copies(path)
    if args.number is None:
        if args.json:
            print_json([{"number": c.number, "saved": c.when, "problem": c.problem} for c in copies])
        elif not copies:
            print(f"There is no previous copy beside {path}.")
        else:
            print(f"Previous copies of {path} (newest first):")
            for c in copies:
                print(f"  {c.number}  saved {c.when}" + (f"  unusable: {c.problem}" if c.problem else ""))
            print("Open one with 'tuiauth recover-copy N' (the current file is kept aside, never deleted).")
        return 0
    if not args.replace_intact and _intact(path):
        raise UsageError(
            f"the vault at {path} is not damaged: opening copy {args.number} would set its later changes aside "
            "(add --replace-intact to do it anyway)"
        )
    key = recovery_key_from(args)
    if key is not None:
        vault, aside = restore_copy(path, args.number, recovery_key=key, on_wait=say_waiting)
    else:
        vault, aside = restore_copy(path, args.number, password=read_password(args), on_wait=say_waiting)
    try:
        count = len(vault.data.accounts)
        back_up_changes(services, vault)  # the copy's accounts differ from the last backup's
    finally:
        vault.close()
    if args.json:
        print_json({"number": args.number, "accounts": count, "kept_aside": str(aside) if aside else None})
        return 0
    print(f"Opened previous copy {args.number}: {count} accounts. It is now the vault at {path}.")
    if aside is not None:
        print(f"The file it replaced is kept as {aside}.")
    return 0
