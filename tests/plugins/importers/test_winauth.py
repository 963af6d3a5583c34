"""WinAuth text export: the Aegis URI list, Steam ``data=`` lines, a password ZIP, fuzzing."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError, ImportPasswordError
from tuiauth.plugins.importers import winauth

from .expected import aegis, aegis_range, assert_accounts
from .fuzzing import FUZZ, check_contract, mutated

SPEC = winauth.tuiauth_importers()[0]


def test_uri_list(corpus_dir: Path) -> None:
    data = (corpus_dir / "files" / "plain.txt").read_bytes()
    result = SPEC.parse(data, None)
    # Aegis' WinAuth importer moves the account into the issuer and names every entry "WinAuth";
    # tuiauth keeps the URI's issuer and account (the lines carry both), so the set is A1–A7 as is.
    assert_accounts(result.drafts, aegis_range(1, 7))
    assert result.problems == []


def test_steam_line_takes_the_key_from_data_and_a_bare_label_is_the_issuer() -> None:
    mafile = {"shared_secret": "THIl8+Jl6ugxr8x0X6eRMg==", "account_name": "Sophia", "Session": None}
    steam = f"otpauth://totp/Steam:Sophia?secret=ASDF&issuer=Steam&data={quote(json.dumps(mafile), safe='')}"
    google = "otpauth://totp/Google?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&digits=6&icon=Google"
    data = f"{steam}\n{google}\nnot a uri\n".encode()
    assert SPEC.sniff(data, "winauth-2024.txt") >= 0.8
    result = SPEC.parse(data, None)
    assert_accounts(result.drafts, [*aegis("A7", issuer="Steam"), *aegis("A1", issuer="Google", name="")])
    assert [p.entry for p in result.problems] == ["line 3"]


def test_password_zip(corpus_dir: Path) -> None:
    # A ZipCrypto archive holding an otpauth .txt list (Authenticator Plus' file has that shape).
    data = (corpus_dir / "files" / "authenticator_plus.zip").read_bytes()
    assert SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, "testtesttest").drafts, aegis_range(1, 7))
    with pytest.raises(ImportPasswordError):
        SPEC.parse(data, None)
    with pytest.raises(ImportPasswordError, match="wrong"):
        SPEC.parse(data, "nope")


def test_a_zip_of_one_text_file_is_recognised(corpus_dir: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("winauth-export.txt", (corpus_dir / "files" / "plain.txt").read_bytes())
    data = buffer.getvalue()
    assert SPEC.sniff(data, "backup.zip") >= 0.5 and not SPEC.needs_password(data)
    assert_accounts(SPEC.parse(data, None).drafts, aegis_range(1, 7))


def test_text_without_uris_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="no line"):
        SPEC.parse(b"hello\nworld\n", None)


@FUZZ
@given(data=st.data())
def test_fuzz_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(SPEC, data.draw(mutated((corpus_dir / "files" / "plain.txt").read_bytes())), None)


@FUZZ
@given(data=st.data())
def test_fuzz_zip_bytes(corpus_dir: Path, data: st.DataObject) -> None:
    check_contract(
        SPEC, data.draw(mutated((corpus_dir / "files" / "authenticator_plus.zip").read_bytes())), "testtesttest"
    )


@FUZZ
@given(data=st.binary(max_size=1024))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_contract(SPEC, b"otpauth://totp/x?data=" + data, None)
    check_contract(SPEC, data, None)
