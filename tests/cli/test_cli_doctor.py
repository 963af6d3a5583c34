"""`tuiauth doctor [--json] [--target APP]`: exactly the findings the vault holds, never a secret."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tuiauth.core.accounts import Account
from tuiauth.core.secrets import b32encode
from tuiauth.core.vault import Vault

from .helpers import PASSWORD

LONG = bytes(range(20))  # 160 bits
SHORT = bytes(range(10))  # 80 bits

#: A package on the path whose ``tuiauth`` entry point adds the device-bound "tap" method of the
#: restore tests (tests/restore/helpers.py), loaded as any installed plugin is.
TAP_MODULE = "from tests.restore.helpers import TapPlugin\n\nplugin = TapPlugin()\n"


def seed(vault_path: Path, *accounts: Account) -> None:
    with Vault.open(vault_path, password=PASSWORD, write=True) as vault:
        vault.data.accounts.extend(accounts)
        vault.save()


@pytest.fixture
def tap_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    (site / "tuiauth_doctor_tap-1.0.dist-info").mkdir(parents=True)
    (site / "tuiauth_doctor_tap-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: tuiauth-doctor-tap\nVersion: 1.0\n"
    )
    (site / "tuiauth_doctor_tap-1.0.dist-info" / "entry_points.txt").write_text("[tuiauth]\ntap = doctor_tap:plugin\n")
    (site / "doctor_tap.py").write_text(TAP_MODULE)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("TUIAUTH_NO_ENTRYPOINTS", raising=False)
    monkeypatch.setenv("TUIAUTH_PLUGINS_ALLOW", "tap")


def test_a_clean_vault_has_no_findings(cli, vault_path: Path) -> None:
    seed(vault_path, Account(issuer="GitHub", name="alice", secret=LONG))
    result = cli("doctor", "--json", "--target", "google-transfer")
    assert (result.code, json.loads(result.out)) == (0, [])
    plain = cli("doctor")
    assert (plain.code, plain.out) == (0, "No findings: nothing in the vault needs a look.\n")


def test_each_kind_of_finding_is_listed_once(cli, vault_path: Path, tap_plugin: None) -> None:
    clean = Account(issuer="Clean", name="ok", secret=bytes(range(100, 120)))
    first = Account(issuer="Mail", name="work", secret=LONG)
    second = Account(issuer="Mail", name="home", secret=LONG)
    short = Account(issuer="Weak", name="bob", secret=SHORT)
    sixty = Account(issuer="Bank", name="carol", secret=bytes(range(50, 70)), period=60)
    nameless = Account(issuer="", name="dave", secret=bytes(range(70, 90)))
    bound = Account(issuer="Corp", name="erin", type="tap", secret=bytes(range(30, 50)))
    seed(vault_path, clean, first, second, short, sixty, nameless, bound)

    result = cli("doctor", "--json", "--target", "google-transfer")
    assert result.code == 1, result.err
    found = [(f["kind"], f["account"], f["label"]) for f in json.loads(result.out)]
    assert found == [
        ("duplicate_secret", first.id, "Mail (work)"),
        ("duplicate_secret", second.id, "Mail (home)"),
        ("short_secret", short.id, "Weak (bob)"),
        ("target_cannot_carry", sixty.id, "Bank (carol)"),
        ("target_cannot_carry", bound.id, "Corp (erin)"),  # Google has no such method
        ("no_issuer", nameless.id, "dave"),
        ("needs_verification", bound.id, "Corp (erin)"),
    ]
    findings = json.loads(result.out)
    assert all(set(f) == {"kind", "account", "label", "advice"} and f["advice"] for f in findings)
    assert "Mail (home)" in findings[0]["advice"] and "30-second" in findings[3]["advice"]
    for account in (clean, first, short, sixty, nameless, bound):
        assert b32encode(account.secret) not in result.out

    without_target = json.loads(cli("doctor", "--json").out)
    assert [f["kind"] for f in without_target] == [
        "duplicate_secret",
        "duplicate_secret",
        "short_secret",
        "no_issuer",
        "needs_verification",
    ]


def test_the_text_report_says_what_to_do(cli, vault_path: Path) -> None:
    seed(vault_path, Account(issuer="", name="dave", secret=LONG))
    result = cli("doctor")
    assert result.code == 1
    assert result.out.splitlines() == [
        "1 finding(s):",
        "  no_issuer: dave",
        "    Has no issuer: add the service's name in the edit form (e), so it is told apart and other apps name it.",
    ]


def test_a_target_must_be_a_format_that_leaves_accounts_out(cli, vault_path: Path) -> None:
    result = cli("doctor", "--target", "aegis")
    assert result.code == 2
    assert "choose one of: google-transfer, otpauth-qr" in result.err
