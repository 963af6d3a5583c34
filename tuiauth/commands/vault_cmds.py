"""``tuiauth init`` and ``tuiauth passwd``."""

from __future__ import annotations

import argparse

from ..core.errors import VaultExistsError
from ..core.vault import Vault
from .common import (
    add_password_options,
    new_key_parameters,
    open_vault,
    print_json,
    prompt_new_password,
    read_password,
    read_password_file,
    services_from,
    vault_path,
)

RECOVERY_NOTE = """\
Your recovery key (shown only this once — write it down and keep it somewhere safe):

    {key}

It opens this vault if you forget your password ('tuiauth' → unlock → use the recovery key)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create a new vault and print its recovery key once")
    add_password_options(p)
    p.add_argument("--json", action="store_true", help="print the vault path and recovery key as JSON")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("passwd", help="change the vault password (the recovery key stays the same)")
    add_password_options(p)
    p.add_argument("--new-password-file", metavar="FILE", help="read the new password from FILE (first line)")
    p.set_defaults(func=cmd_passwd)


def cmd_init(args: argparse.Namespace) -> int:
    services = services_from(args)
    path = vault_path(services)
    if Vault.exists(path):
        raise VaultExistsError(f"a vault already exists at {path}; nothing was changed")
    interactive = not (args.password_file or args.password_stdin)
    password = prompt_new_password() if interactive else read_password(args)
    services.paths.ensure()
    device = services.config.device_name or None
    kdf = new_key_parameters(services, "vault")
    vault, recovery_key = Vault.create(path, password, kdf=kdf, device_name=device)
    vault.close()
    if args.json:
        print_json({"vault": str(path), "recovery_key": recovery_key})
    else:
        print(f"Created the vault at {path}.\n")
        print(RECOVERY_NOTE.format(key=recovery_key))
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    services = services_from(args)
    vault = open_vault(args, services, write=True)
    try:
        new = read_password_file(args.new_password_file) if args.new_password_file else prompt_new_password()
        vault.change_password(new, kdf=new_key_parameters(services, "vault"))
    finally:
        vault.close()
    print("The vault password was changed; the recovery key is unchanged.")
    return 0
