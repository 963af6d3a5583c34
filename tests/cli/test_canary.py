"""A planted canary secret never reaches a log, an error message, a traceback or the config."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tuiauth.cli import main
from tuiauth.core import account_ops
from tuiauth.core.accounts import AccountDraft
from tuiauth.core.config import Config
from tuiauth.core.errors import DuplicateAccountError
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager

from .helpers import PASSWORD

CANARY = b"CANARY-secret-7f3a9c"
CANARY_B32 = base64.b32encode(CANARY).decode().rstrip("=")
NEEDLES = (CANARY_B32, CANARY_B32.lower(), CANARY.decode(), CANARY.hex())


def assert_clean(text: str, where: str) -> None:
    for needle in NEEDLES:
        assert needle not in text, f"the canary secret leaked into {where}"


def test_canary_never_leaks(cli, vault_path: Path, isolated_home: Path, capsys, tmp_path: Path) -> None:
    Config(theme="textual-light").save(isolated_home / "config.toml")
    uri = f"otpauth://totp/Canary:me?secret={CANARY_B32}"
    assert cli("add", uri).code == 0
    outputs = [
        cli("list"),
        cli("list", "--json"),
        cli("code", "canary"),
        cli("code", "canary", "--json"),
        cli("add", uri),  # duplicate: refused, the message names the account, not the secret
        cli("add", uri.replace(CANARY_B32, CANARY_B32 + "1")),  # malformed secret
        cli("add", f"otpauth://totp/X?secret={CANARY_B32}&digits=99"),
        cli("add", f"otpauth://totp/X?secret={CANARY_B32}&algorithm=MD4"),
        cli("code", "nothing"),
    ]
    for result in outputs:
        assert_clean(result.out + result.err, "command output")

    # An exception raised while the secret is in local variables: the CLI prints no traceback.
    def explode(*args: object, **kwargs: object) -> str:
        secret_in_a_local = CANARY_B32  # noqa: F841 - what a traceback with locals would show
        raise RuntimeError("unexpected")

    pm = PluginManager(entrypoints=False)
    totp = pm.method("totp")
    original = totp.code
    object.__setattr__(totp, "code", explode)
    try:
        import tuiauth.services as services_module

        real_create = services_module.Services.create

        def create_with(*args: object, **kwargs: object) -> services_module.Services:
            services = real_create(*args, **kwargs)  # type: ignore[arg-type]
            services.plugins = pm
            return services

        services_module.Services.create = create_with  # type: ignore[method-assign]
        code = main(["code", "canary", "--password-file", str(tmp_path / "password")])
    finally:
        services_module.Services.create = real_create  # type: ignore[method-assign]
        object.__setattr__(totp, "code", original)
    captured = capsys.readouterr()
    assert code == 70 and "internal error (RuntimeError)" in captured.err
    assert "Traceback" not in captured.err
    assert_clean(captured.out + captured.err, "an internal error")

    # Errors raised by the core carry no secret either.
    with Vault.open(vault_path, password=PASSWORD, write=True) as vault:
        with pytest.raises(DuplicateAccountError) as raised:
            account_ops.add_account(vault, AccountDraft(issuer="Dup", secret=CANARY), pm.methods())
        assert_clean(str(raised.value) + repr(raised.value), "an exception")
        assert_clean(repr(vault) + repr(vault.data.accounts), "repr")

    for path in isolated_home.rglob("*"):
        if path.is_file() and path.suffix in {".toml", ".log", ".txt", ".json"}:
            assert_clean(path.read_text(errors="replace"), str(path))
    for path in isolated_home.rglob("*"):
        if path.is_file():
            assert CANARY not in path.read_bytes() and CANARY_B32.encode() not in path.read_bytes()
