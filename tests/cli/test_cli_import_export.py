"""`tuiauth import` and `tuiauth export`: detection, dry run, all-or-nothing, never overwriting."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tuiauth.core import otpauth
from tuiauth.core.accounts import AccountDraft
from tuiauth.plugins.methods import builtin_methods

METHODS = builtin_methods()

AEGIS_SET = {
    ("Deno", "Mason"): "4SJHB4GSD43FZBAI7C2HLRJGPQ",
    ("SPDX", "James"): "5OM4WOOGPLQEF6UGN3CPEOOLWU",
    ("Airbnb", "Elijah"): "7ELGJSGXNCCTV3O6LKJWYFV2RA",
    ("Issuu", "James"): "YOOMIXWS5GN6RTBPUFFWKTW5M4",
    ("Air Canada", "Benjamin"): "KUVJJOM753IHTNDSZVCNKL7GII",
    ("WWE", "Mason"): "5VAML3X35THCEBVRLV24CGBKOY",
    ("Boeing", "Sophia"): "JRZCL47CMXVOQMNPZR2F7J4RGI",
}


def listed(cli) -> dict[tuple[str, str], dict]:
    return {(a["issuer"], a["name"]): a for a in json.loads(cli("list", "--json", "--show-secrets").out)}


def test_list_names_every_builtin_format(cli) -> None:
    names = set(cli("import", "--list", password=False).out.split())
    expected = {"aegis", "2fas", "andotp", "bitwarden", "ente", "freeotp-plus", "google-transfer", "otpauth", "steam"}
    assert expected <= names


def test_dry_run_json_detects_the_format_and_changes_nothing(cli, vault_path: Path, corpus_dir: Path) -> None:
    before = vault_path.read_bytes()
    args = ("import", str(corpus_dir / "files" / "aegis_plain.json"), "--dry-run", "--json", "--show-secrets")
    result = cli(*args, password=False)
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["format"] == "aegis" and out["problems"] == []
    got = {(a["issuer"], a["name"]): a["secret"] for a in out["accounts"]}
    assert got == AEGIS_SET
    first = out["accounts"][0]
    assert set(first) == {"issuer", "name", "type", "algorithm", "digits", "period", "counter", "secret"}
    assert vault_path.read_bytes() == before


def test_encrypted_import_with_password_file(cli, vault_path: Path, corpus_dir: Path, tmp_path: Path) -> None:
    aegis = str(corpus_dir / "files" / "aegis_encrypted.json")
    missing = cli("import", aegis)
    assert missing.code == 1 and "--import-password-file" in missing.err
    wrong = tmp_path / "wrong"
    wrong.write_text("nope\n")
    refused = cli("import", aegis, "--import-password-file", str(wrong))
    assert refused.code == 1 and "password" in refused.err and listed(cli) == {}
    right = tmp_path / "right"
    right.write_text("test\n")
    done = cli("import", aegis, "--import-password-file", str(right))
    assert done.code == 0, done.err
    assert "Imported 7 accounts from Aegis" in done.out
    assert {k: v["secret"] for k, v in listed(cli).items()} == AEGIS_SET


def test_reimport_skips_duplicates_and_conflicts_need_consent(cli, vault_path: Path, corpus_dir: Path) -> None:
    plain = str(corpus_dir / "files" / "plain.txt")
    assert cli("import", plain).code == 0
    again = json.loads(cli("import", plain, "--json").out)
    assert again["added"] == [] and again["duplicates"] == 7
    # Same issuer and name as Deno/Mason, another secret: a conflict, reported and not applied.
    conflict_file = vault_path.parent / "conflict.txt"
    rival = AccountDraft(issuer="Deno", name="Mason", secret=b"another secret!!")
    conflict_file.write_text(otpauth.to_uri(rival, METHODS) + "\n")
    report = cli("import", str(conflict_file))
    assert report.code == 0 and "--include-conflict 0" in report.out
    assert listed(cli)[("Deno", "Mason")]["secret"] == AEGIS_SET[("Deno", "Mason")]
    accepted = cli("import", str(conflict_file), "--include-conflict", "0")
    assert accepted.code == 0 and "Imported 1 accounts" in accepted.out
    secrets = [a["secret"] for a in json.loads(cli("list", "--json", "--show-secrets").out) if a["issuer"] == "Deno"]
    assert sorted(secrets) == sorted([AEGIS_SET[("Deno", "Mason")], "MFXG65DIMVZCA43FMNZGK5BBEE"])


def test_problem_entries_are_skipped_with_their_reason(cli, vault_path: Path) -> None:
    mixed = vault_path.parent / "mixed.txt"
    mixed.write_text("otpauth://totp/Good:one?secret=JBSWY3DPEHPK3PXP\notpauth://totp/Bad:two?secret=1111\n")
    result = json.loads(cli("import", str(mixed), "--json").out)
    assert [a["issuer"] for a in result["added"]] == ["Good"]
    assert len(result["problems"]) == 1 and "base32" in result["problems"][0]["reason"]


def test_unknown_format_is_a_clear_error(cli, vault_path: Path) -> None:
    junk = vault_path.parent / "junk.bin"
    junk.write_bytes(b"\x00\x01 nothing anyone exports")
    result = cli("import", str(junk))
    assert result.code == 1 and "--format NAME" in result.err and result.err.count("\n") == 1
    forced = cli("import", str(junk), "--format", "aegis")
    assert forced.code == 1 and "Traceback" not in forced.err


def test_export_round_trip_and_safety(cli, vault_path: Path, corpus_dir: Path, tmp_path: Path) -> None:
    assert cli("import", str(corpus_dir / "files" / "plain.txt")).code == 0
    out = tmp_path / "export.txt"
    refused = cli("export", "--format", "otpauth", "--output", str(out))
    assert refused.code == 2 and "--yes" in refused.err and not out.exists()
    assert cli("export", "--format", "otpauth", "--output", str(out), "--yes").code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    again = cli("export", "--format", "otpauth", "--output", str(out), "--yes")
    assert again.code == 1 and "already exists" in again.err
    dry = json.loads(cli("import", str(out), "--dry-run", "--json", "--show-secrets", password=False).out)
    assert {(a["issuer"], a["name"]): a["secret"] for a in dry["accounts"]} == AEGIS_SET


def test_encrypted_aegis_export_reimports(cli, vault_path: Path, corpus_dir: Path, tmp_path: Path) -> None:
    assert cli("import", str(corpus_dir / "files" / "aegis_plain.json")).code == 0
    password = tmp_path / "export-password"
    password.write_text("export pw\n")
    out = tmp_path / "aegis.json"
    result = cli("export", "--format", "aegis-encrypted", "--output", str(out), "--export-password-file", str(password))
    assert result.code == 0, result.err
    assert b"4SJHB4GSD43FZBAI7C2HLRJGPQ" not in out.read_bytes()
    dry = cli(
        "import",
        str(out),
        "--dry-run",
        "--json",
        "--show-secrets",
        "--import-password-file",
        str(password),
        password=False,
    )
    assert {(a["issuer"], a["name"]): a["secret"] for a in json.loads(dry.out)["accounts"]} == AEGIS_SET


@pytest.mark.parametrize("name", ["aegis", "otpauth", "google-transfer"])
def test_export_formats_are_listed(cli, name: str) -> None:
    assert name in cli("export", "--list", password=False).out
