"""A third-party method, installed from its own package, defined only through ``MethodSpec``: added
by URI and by its details from the command line, its codes printed, backed up and restored on a new
device like a built-in one (its own URI parameter included)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ..third_party import install_packages
from ..third_party_method import SEPTET_URI, septet
from .conftest import Device

AT = 1_700_000_000


@pytest.fixture(scope="module")
def septet_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_packages(tmp_path_factory.mktemp("septet"), "tuiauth-septet")


@pytest.fixture
def septet_installed(septet_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The package on the path, as pip leaves it, and third-party entry points read."""
    monkeypatch.syspath_prepend(str(septet_site))
    monkeypatch.delenv("TUIAUTH_NO_ENTRYPOINTS", raising=False)


def test_added_shown_backed_up_and_restored(
    septet_installed: None, devices: Callable[[str], Device], tmp_path: Path
) -> None:
    old = devices("old")
    old.init()
    added = old("add", SEPTET_URI)
    assert added.code == 0, added.err
    by_details = old("add", "--issuer", "Beta", "--secret", "GEZDGNBVGY3TQOJQ", "--type", "septet")
    assert by_details.code == 0, by_details.err
    listed = {a["issuer"]: a for a in old.accounts()}
    assert {(a["type"], a["digits"], a["algorithm"], a["period"]) for a in listed.values()} == {
        ("septet", 7, "SHA256", 30)
    }
    acme = septet("JBSWY3DPEHPK3PXP", "pepper", AT)
    beta = septet("GEZDGNBVGY3TQOJQ", "", AT)
    assert acme != septet("JBSWY3DPEHPK3PXP", "", AT)  # the salt from the URI is used
    assert old("code", "Acme", "--at", str(AT)).out == acme + "\n"
    assert old("code", "Beta", "--at", str(AT)).out == beta + "\n"

    folder = tmp_path / "backups"
    folder.mkdir()
    enabled = old("backup", "enable", "--location", "home", "--backend", "local", "--set", f"path={folder}",
                  "--secret-file", str(old.secret_file))  # fmt: skip
    assert enabled.code == 0, enabled.err

    new = devices("new")
    new.init()
    restored = new.restore("home", "--backend", "local", "--set", f"path={folder}")
    assert restored.code == 0, restored.err
    assert "Restored 2 accounts." in restored.out
    assert new("code", "Acme", "--at", str(AT)).out == acme + "\n"
    assert new("code", "Beta", "--at", str(AT)).out == beta + "\n"


def test_its_uri_is_refused_without_the_plugin(devices: Callable[[str], Device]) -> None:
    device = devices("plain")
    device.init()
    refused = device("add", SEPTET_URI)
    assert refused.code != 0
    assert "unsupported OTP type 'sept7'" in refused.err
    assert device.accounts() == []
