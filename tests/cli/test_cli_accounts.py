"""The scripting surface: init, add, list, code, remove, passwd — as documented in the README."""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import PASSWORD, run_process

RFC_SHA1 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # ASCII 12345678901234567890


def test_readme_flow_with_the_installed_command(tmp_path: Path, password_file: Path, isolated_home: Path) -> None:
    """`tuiauth init`, `add`, `list --json`, `code --at 59` → 94287082 (production KDF, real process)."""
    pw = ["--password-file", str(password_file)]
    init = run_process("init", *pw)
    assert init.returncode == 0, init.stderr
    recovery = [line.strip() for line in init.stdout.splitlines() if line.count("-") == 12]
    assert len(recovery) == 1 and len(recovery[0]) == 64
    uri = f"otpauth://totp/Example:alice@example.com?secret={RFC_SHA1}&digits=8&issuer=Example"
    assert run_process("add", "-", *pw, stdin=uri + "\n").returncode == 0  # the README's form: not in argv
    listed = json.loads(run_process("list", "--json", *pw).stdout)
    assert [(a["issuer"], a["name"], a["digits"], a["type"]) for a in listed] == [
        ("Example", "alice@example.com", 8, "totp")
    ]
    assert "secret" not in listed[0]
    code = run_process("code", "example", "--at", "59", *pw)
    assert (code.returncode, code.stdout) == (0, "94287082\n")


def test_add_by_details_and_json_fields(cli, vault_path: Path) -> None:
    added = cli("add", "--issuer", "GitHub", "--account", "alice", "--secret", "jbsw y3dp ehpk 3pxp", "--json")
    assert added.code == 0, added.err
    account = json.loads(added.out)
    assert set(account) == {
        "id",
        "issuer",
        "name",
        "type",
        "algorithm",
        "digits",
        "period",
        "counter",
        "groups",
        "favourite",
    }
    shown = json.loads(cli("list", "--json", "--show-secrets").out)
    assert shown[0]["secret"] == "JBSWY3DPEHPK3PXP"
    code = json.loads(cli("code", "github", "--at", "1000", "--json").out)
    assert code["code"].isdigit() and len(code["code"]) == 6
    assert code["remaining"] == 30 - (1000 % 30)


def test_rfc6238_sha256_and_sha512_through_the_cli(cli, vault_path: Path) -> None:
    seed256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
    seed512 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA"
    assert cli("add", "--issuer", "S256", "--secret", seed256, "--algorithm", "sha256", "--digits", "8").code == 0
    assert cli("add", "--issuer", "S512", "--secret", seed512, "--algorithm", "SHA512", "--digits", "8").code == 0
    assert cli("code", "s256", "--at", "1111111109").out == "68084774\n"
    assert cli("code", "s512", "--at", "20000000000").out == "47863826\n"


def test_hotp_code_advances_and_saves_the_counter(cli, vault_path: Path) -> None:
    assert cli("add", "--issuer", "Bank", "--secret", RFC_SHA1, "--type", "hotp").code == 0
    codes = [cli("code", "bank").out.strip() for _ in range(3)]
    assert codes == ["755224", "287082", "359152"]
    listed = json.loads(cli("list", "--json").out)
    assert listed[0]["counter"] == 3
    assert json.loads(cli("code", "bank", "--json").out)["remaining"] is None


def test_steam_code(cli, vault_path: Path) -> None:
    # steamguard-cli's vector: base64 zvIayp3JPvtvX/QGHqsqKBk/44s= at 1616374841 -> 2F9J5
    assert cli("add", "otpauth://steam/Steam:gaben?secret=Z3ZBVSU5ZE7PW3276QDB5KZKFAMT7Y4L").code == 0
    assert cli("code", "steam", "--at", "1616374841").out == "2F9J5\n"


def test_query_matching_errors_list_candidates(cli, vault_path: Path) -> None:
    accounts = (
        ("GitHub", "alice", "JBSWY3DPEHPK3PXA"),
        ("GitHub", "bob", "JBSWY3DPEHPK3PXB"),
        ("GitLab", "alice", RFC_SHA1),
    )
    for issuer, name, secret in accounts:
        assert cli("add", "--issuer", issuer, "--account", name, "--secret", secret).code == 0
    ambiguous = cli("code", "github")
    assert ambiguous.code == 1 and ambiguous.out == ""
    assert ambiguous.err.count("\n") == 1
    assert (
        "matches 2 accounts" in ambiguous.err and "GitHub (alice)" in ambiguous.err and "GitHub (bob)" in ambiguous.err
    )
    missing = cli("code", "nothing-like-this")
    assert missing.code == 1 and "no account matches 'nothing-like-this'" in missing.err
    assert cli("code", "github:bob", "--at", "59").code == 0
    assert cli("code", "gitlab").code == 0


def test_duplicate_add_is_refused(cli, vault_path: Path) -> None:
    assert cli("add", "--issuer", "A", "--secret", RFC_SHA1).code == 0
    again = cli("add", "--issuer", "B", "--secret", RFC_SHA1)
    assert again.code == 1 and "already in the vault as A" in again.err
    assert len(json.loads(cli("list", "--json").out)) == 1


def test_malformed_input_is_one_clear_line(cli, vault_path: Path) -> None:
    cases = {
        ("add", "otpauth://totp/x?secret=1234"): "base32",
        ("add", "https://example.com"): "not an otpauth:// URI",
        ("add", "--issuer", "X", "--secret", RFC_SHA1, "--digits", "11"): "digits",
        ("add", "--issuer", "X", "--secret", RFC_SHA1, "--algorithm", "MD4"): "algorithm",
        ("add", "--issuer", "X", "--secret", RFC_SHA1, "--type", "smoke-signal"): "smoke-signal",
        ("add",): "--secret",
    }
    for args, needle in cases.items():
        result = cli(*args)
        assert result.code != 0, args
        assert needle in result.err and result.err.count("\n") == 1, (args, result.err)
        assert "Traceback" not in result.err
    assert json.loads(cli("list", "--json").out) == []


def test_remove_needs_yes_without_a_terminal(cli, vault_path: Path) -> None:
    assert cli("add", "--issuer", "Old", "--account", "me", "--secret", RFC_SHA1).code == 0
    refused = cli("remove", "old")
    assert refused.code == 2 and "--yes" in refused.err
    removed = cli("remove", "old", "--yes")
    assert removed.code == 0 and "Removed Old (me)" in removed.out
    assert json.loads(cli("list", "--json").out) == []


def test_passwd_changes_only_the_password(cli, vault_path: Path, tmp_path: Path) -> None:
    assert cli("add", "--issuer", "Keep", "--secret", RFC_SHA1).code == 0
    new = tmp_path / "new"
    new.write_text("a new password\n")
    assert cli("passwd", "--new-password-file", str(new)).code == 0
    old = cli("list", "--json")
    assert old.code == 1 and "wrong password" in old.err
    result = cli("list", "--json", "--password-file", str(new), password=False)
    assert [a["issuer"] for a in json.loads(result.out)] == ["Keep"]


def test_password_sources(vault_path: Path, tmp_path: Path, password_file: Path) -> None:
    stdin = run_process("list", "--password-stdin", stdin=PASSWORD + "\n")
    assert stdin.returncode == 0, stdin.stderr
    env = run_process("list", TUIAUTH_PASSWORD_FILE=str(password_file))
    assert env.returncode == 0, env.stderr
    none = run_process("list", stdin="")
    assert none.returncode == 2 and "--password-file" in none.stderr


def test_init_refuses_an_existing_vault(cli, vault_path: Path) -> None:
    before = vault_path.read_bytes()
    result = cli("init")
    assert result.code == 1 and "already exists" in result.err
    assert vault_path.read_bytes() == before


def test_commands_without_a_vault_say_how_to_make_one(cli, isolated_home: Path) -> None:
    result = cli("list")
    assert result.code == 1 and "tuiauth init" in result.err
