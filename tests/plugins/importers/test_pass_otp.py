"""pass-otp stores made by the real ``pass`` and ``pass otp`` with a throw-away GnuPG key, read the
way ``tuiauth import ~/.password-store`` reads them (the folder packed by ``read_import_path``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError
from tuiauth.core.importing import detect_format, read_import_path
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.importers import pass_otp

from .expected import Expected, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated
from .pass_store import PassStore, make_store

SPEC = pass_otp.tuiauth_importers()[0]
EXPECTED = [
    Expected("GitHub", "alice", "JBSWY3DPEHPK3PXP", "totp", "SHA1", 6, period=30),
    Expected("ACME", "bob", "GEZDGNBVGY3TQOJQ", "totp", "SHA256", 8, period=60),
    Expected("counter", "dave", "KUVJJOM753IHTNDSZVCNKL7GII", "hotp", "SHA1", 6, counter=8),
    Expected("Steam", "carol", "JRZCL47CMXVOQMNPZR2F7J4RGI", "steam", "SHA1", 5, period=30),
]
GROUPS = {"alice": ["web"], "bob": ["mail"], "dave": ["web/old"], "carol": []}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PassStore]:
    made = make_store(tmp_path_factory.mktemp("pass"))
    try:
        made.otp_insert("web/github", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub")
        made.insert(
            "mail/acme",
            "hunter2\nuser: bob\notpauth://totp/ACME:bob?secret=GEZDGNBVGY3TQOJQ&digits=8&algorithm=SHA256&period=60\n",
        )
        made.otp_insert("web/old/counter", "otpauth://hotp/dave?secret=KUVJJOM753IHTNDSZVCNKL7GII&counter=7")
        made.otp_insert("steam", "otpauth://totp/Steam:carol?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&encoder=steam")
        made.insert("plain-password", "just a password\n")
        made.insert("bad-uri", "pw\notpauth://totp/Bad:x?secret=1NOT-BASE32\n")
        (made.store / "zz-not-openpgp.gpg").write_bytes(b"this is not an OpenPGP message")
        hidden = made.store / ".extensions"
        hidden.mkdir()
        (hidden / "ignored.gpg").write_bytes(b"never decrypted")
        yield made
    finally:
        made.close()


@pytest.fixture
def gnupg(store: PassStore, monkeypatch: pytest.MonkeyPatch) -> PassStore:
    """The importer's gpg uses the throw-away key (as a user's gpg uses theirs)."""
    monkeypatch.setenv("GNUPGHOME", str(store.gnupg_home))
    return store


def test_pass_store_folder(gnupg: PassStore) -> None:
    data = read_import_path(gnupg.store)
    assert detect_format(PluginManager().importers(), data, gnupg.store.name, warn=print).name == "pass-otp"
    assert not SPEC.needs_password(data)
    result = SPEC.parse(data, None)
    assert_accounts(result.drafts, EXPECTED)
    assert {d.name: d.groups for d in result.drafts} == GROUPS
    problems = {p.entry: p.reason for p in result.problems}
    assert set(problems) == {"bad-uri", "zz-not-openpgp"}
    assert "gpg could not decrypt it" in problems["zz-not-openpgp"]
    assert "1NOT" not in problems["bad-uri"]  # reasons never quote a secret


def test_hotp_continues_where_pass_otp_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``pass otp`` moves the stored counter on before showing a code; the imported account's next
    code is the one ``pass otp`` shows next (its own store: showing a code rewrites the entry)."""
    made = make_store(tmp_path)
    try:
        monkeypatch.setenv("GNUPGHOME", str(made.gnupg_home))
        made.otp_insert("counter", "otpauth://hotp/dave?secret=KUVJJOM753IHTNDSZVCNKL7GII&counter=7")
        (draft,) = SPEC.parse(read_import_path(made.store), None).drafts
        expected = pyotp.HOTP("KUVJJOM753IHTNDSZVCNKL7GII").at(draft.counter)
        assert made.run("pass", "otp", "counter").strip() == expected
    finally:
        made.close()


def test_a_store_gpg_cannot_open_fails_with_gpgs_reason(
    store: PassStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_home = tmp_path / "other-gnupg"
    empty_home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(empty_home))
    try:
        with pytest.raises(ImportFormatError, match="gpg could not decrypt the store's first entry"):
            SPEC.parse(read_import_path(store.store), None)
    finally:
        PassStore(empty_home, store.store).close()


def test_a_zip_without_entries_or_not_a_zip() -> None:
    with pytest.raises(ImportFormatError, match="not a pass store"):
        SPEC.parse(b"plain text", None)


def test_hidden_folders_and_links_are_left_out(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.gpg").write_bytes(b"x")
    (tmp_path / ".gpg-id").write_text("someone\n")
    (tmp_path / "link.gpg").symlink_to("/etc/hostname")
    with pytest.raises(ImportFormatError, match="no entries"):
        SPEC.parse(read_import_path(tmp_path), None)


@FUZZ
@given(data=st.data())
def test_fuzz_store_bytes(gnupg: PassStore, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated(read_import_path(gnupg.store))), None)
