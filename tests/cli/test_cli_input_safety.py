"""Command-line input: secrets never need argv, nothing undecodable or terminal-steering gets in."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tuiauth.core.accounts import AccountDraft

URI = "otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8"


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_add_reads_the_uri_from_standard_input(cli, vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, URI + "\n")
    assert cli("add", "-").code == 0
    assert cli("code", "example", "--at", "59").out == "94287082\n"


def test_add_reads_a_secret_or_a_uri_from_a_file(cli, vault_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("JBSW Y3DP EHPK 3PXP\n")
    assert cli("add", "--issuer", "GitHub", "--account", "alice", "--secret-file", str(secret)).code == 0
    uri = tmp_path / "uri"
    uri.write_text(URI + "\n")
    assert cli("add", "--secret-file", str(uri)).code == 0
    listed = json.loads(cli("list", "--json", "--show-secrets").out)
    assert [(a["issuer"], a["secret"]) for a in listed] == [
        ("GitHub", "JBSWY3DPEHPK3PXP"),
        ("Example", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
    ]


def test_standard_input_holds_the_secret_or_the_password_not_both(
    cli, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, URI + "\n")
    result = cli("add", "-", "--password-stdin", password=False)
    assert result.code == 2 and "standard input cannot hold both" in result.err


def test_a_secret_given_with_set_is_warned_about(cli, vault_path: Path, tmp_path: Path) -> None:
    secret = tmp_path / "recovery-secret"
    secret.write_text("a long recovery secret\n")
    result = cli(
        "backup", "enable", "--location", "nas", "--backend", "webdav",
        "--set", "url=http://127.0.0.1:9/dav/", "--set", "username=me", "--set", "password=hunter2",
        "--secret-file", str(secret),
    )  # fmt: skip
    assert "warning: --set password=… puts a secret on the command line" in result.err
    assert "use --set-file password=FILE" in result.err


def test_import_dry_run_json_shows_secrets_only_when_asked(cli, vault_path: Path, tmp_path: Path) -> None:
    export = tmp_path / "uris.txt"
    export.write_text(URI + "\n")
    plain = json.loads(cli("import", str(export), "--dry-run", "--json").out)
    assert plain["accounts"][0]["issuer"] == "Example" and "secret" not in plain["accounts"][0]
    shown = json.loads(cli("import", str(export), "--dry-run", "--json", "--show-secrets").out)
    assert shown["accounts"][0]["secret"] == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    refused = cli("import", str(export), "--show-secrets")
    assert refused.code == 2 and "--show-secrets goes with --dry-run --json" in refused.err


def test_an_argument_that_is_not_utf8_is_one_line(cli, vault_path: Path) -> None:
    # How Python hands over the bytes of $'Bad\xff' from the command line.
    result = cli("add", "--issuer", "Bad\udcff", "--secret", "JBSWY3DPEHPK3PXP")
    assert result.code == 2
    assert result.err == "tuiauth: argument 3 is not valid UTF-8 text; nothing was done\n"


@pytest.mark.parametrize(
    "how",
    ["option", "uri", "import"],
)
def test_terminal_control_characters_never_get_in(cli, vault_path: Path, tmp_path: Path, how: str) -> None:
    evil = "Evil\x1b]0;owned\x07\u202eKCAH\x9b2J"
    if how == "option":
        result = cli("add", "--issuer", evil, "--account", "a\tb\nc", "--secret", "JBSWY3DPEHPK3PXP")
    else:
        uri = "otpauth://totp/Evil%1B%5D0%3Bowned%07%E2%80%AEKCAH%C2%9B2J:a%20b%E2%81%A6%20c?secret=JBSWY3DPEHPK3PXP"
        if how == "uri":
            result = cli("add", uri)
        else:
            export = tmp_path / "uris.txt"
            export.write_text(uri + "\n")
            result = cli("import", str(export), "--format", "otpauth")
    assert result.code == 0, result.err
    listed = cli("list")
    assert listed.out == "  Evil]0;ownedKCAH2J  a b c  totp\n"
    assert json.loads(cli("list", "--json").out)[0]["issuer"] == "Evil]0;ownedKCAH2J"


def test_the_account_model_cleans_every_text_field() -> None:
    draft = AccountDraft(issuer="A\x1b[31m", name="\u2066n\u2069", note="line 1\nline\x07 2", groups=["g\x00"])
    assert (draft.issuer, draft.name, draft.note, draft.groups) == ("A[31m", "n", "line 1\nline 2", ["g"])


def test_init_reads_the_password_file_named_in_the_environment(
    cli, isolated_home: Path, password_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUIAUTH_PASSWORD_FILE", str(password_file))
    _stdin(monkeypatch, "")
    created = cli("init", password=False)
    assert created.code == 0, created.err
    assert "Your recovery key" in created.out
    assert cli("list", password=False).code == 0


def test_list_puts_favourites_first_in_sensible_columns(cli, vault_path: Path) -> None:
    long_issuer = "A Very Long Issuer Name That Goes On And On"
    assert cli("add", "--issuer", long_issuer, "--account", "x", "--secret", "JBSWY3DPEHPK3PXP").code == 0
    assert cli("add", "--issuer", "Zed", "--account", "bob", "--secret", "JBSWY3DPEHPK3PXQ").code == 0
    from tuiauth.core.vault import Vault

    from .helpers import PASSWORD

    with Vault.open(vault_path, password=PASSWORD, write=True) as vault:
        vault.data.accounts[1] = vault.data.accounts[1].touched(favourite=True)
        vault.save()
    assert cli("list").out.splitlines() == [
        "* Zed                           bob  totp",
        "  A Very Long Issuer Name Tha…  x    totp",
    ]


def test_undecodable_bytes_from_a_real_command_line(isolated_home: Path) -> None:
    import subprocess

    from .helpers import tuiauth_command

    done = subprocess.run(
        [tuiauth_command().encode(), b"add", b"--issuer", b"Bad\xff", b"--secret-file", b"-"],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == b"tuiauth: argument 3 is not valid UTF-8 text; nothing was done\n"
