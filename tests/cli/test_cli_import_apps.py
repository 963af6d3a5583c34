"""`tuiauth import --list` by app, `tuiauth import DIR` for folder formats (a pass store), and
`--import-key-file` for KeePassXC databases, through the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.importers.pass_store import PassStore, make_store
from tests.plugins.importers.test_keepassxc import keepass_xml, keepassxc_database
from tuiauth.pluginmanager import PluginManager


def by_app(listing: str) -> dict[str, dict[str, str]]:
    """``{app: {format name: its label and how-to text}}`` from the ``import --list`` text."""
    apps: dict[str, dict[str, str]] = {}
    app = name = ""
    for line in listing.splitlines()[1:]:
        if line and not line.startswith(" "):
            app = line
            apps[app] = {}
        elif line.startswith("      "):
            apps[app][name] += " " + line.strip()
        elif line.startswith("  "):
            name, _, label = line.strip().partition(" ")
            apps[app][name] = label.strip()
    return apps


def test_list_groups_the_formats_by_app_with_how_to_make_each(cli) -> None:
    apps = by_app(cli("import", "--list", password=False).out)
    assert set(apps["Google Authenticator"]) == {"google-transfer", "qr-image", "google-authenticator-db"}
    assert set(apps["Ente Auth"]) == {"ente", "ente-encrypted"}
    for app, name, how in [
        ("KeePassXC", "keepassxc", "Pick the .kdbx database file"),
        ("pass (pass-otp)", "pass-otp", "~/.password-store"),
        ("steamguard-cli / Steam Desktop Authenticator", "steamguard-cli", "~/.config/steamguard-cli/maFiles"),
        ("cotp", "cotp", "cotp export"),
        ("OTPClient", "otpclient", "otpclient-db.enc"),
    ]:
        assert how in apps[app][name]


def test_list_json_names_an_app_and_how_for_every_builtin(cli) -> None:
    listed = json.loads(cli("import", "--list", "--json", password=False).out)
    builtin = set(PluginManager().importers())
    assert {entry["name"] for entry in listed} == builtin
    assert all(entry["app"] and entry["how"] for entry in listed), [e["name"] for e in listed if not e["how"]]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PassStore]:
    made = make_store(tmp_path)
    monkeypatch.setenv("GNUPGHOME", str(made.gnupg_home))
    try:
        yield made
    finally:
        made.close()


def test_import_a_pass_store_folder(cli, vault_path: Path, store: PassStore) -> None:
    store.otp_insert("web/github", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub")
    store.insert("plain", "only a password\n")
    done = cli("import", str(store.store), "--json")
    assert done.code == 0, done.err
    out = json.loads(done.out)
    assert out["format"] == "pass-otp" and out["problems"] == []
    assert [(a["issuer"], a["name"], a["groups"]) for a in out["added"]] == [("GitHub", "alice", ["web"])]


def test_keepassxc_database_with_a_key_file(cli, vault_path: Path, tmp_path: Path) -> None:
    entries = [("Work", "GitHub", "alice", {"otp": "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP"})]
    key_file = tmp_path / "db.keyx"
    database = keepassxc_database(tmp_path, "db", keepass_xml(entries, kdbx4=True), "", key_file)
    refused = cli("import", str(database), "--dry-run")
    assert refused.code == 1 and "--import-password-file" in refused.err
    done = cli("import", str(database), "--import-key-file", str(key_file), "--dry-run", "--json")
    assert done.code == 0, done.err
    accounts = json.loads(done.out)["accounts"]
    assert [(a["issuer"], a["name"]) for a in accounts] == [("GitHub", "alice")]


def test_a_key_file_for_a_format_without_one(cli, vault_path: Path, tmp_path: Path) -> None:
    uris = tmp_path / "codes.txt"
    uris.write_text("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\n")
    refused = cli("import", str(uris), "--import-key-file", str(uris), "--dry-run")
    assert refused.code == 1 and "has no key file" in refused.err
