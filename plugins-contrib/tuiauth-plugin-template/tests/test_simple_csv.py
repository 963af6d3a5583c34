"""The template plugin is found through its entry point and imports what it should."""

from __future__ import annotations

import pytest
from tuiauth_plugin_template.plugin import parse, sniff

from tuiauth import ImportFormatError
from tuiauth.testing import installed_plugins


def test_discovered_through_the_entry_point() -> None:
    pm = installed_plugins()
    assert "simple-csv" in pm.importers()
    info = {i.name: i for i in pm.info()}["simple-csv"]
    assert (info.status, info.package) == ("loaded", "tuiauth-plugin-template")


def test_parses_good_lines_and_reports_bad_ones() -> None:
    data = b"issuer,account,secret\nGitHub,alice,JBSW Y3DP EHPK 3PXP\nBad,bob,not-base32!\nShort,line\n"
    assert sniff(data[:64], "export.csv") == 0.9
    result = parse(data, None)
    assert [(d.issuer, d.name, d.secret) for d in result.drafts] == [("GitHub", "alice", b"Hello!\xde\xad\xbe\xef")]
    assert [p.entry for p in result.problems] == ["line 2 (Bad)", "line 3"]
    assert "expected 3 columns" in result.problems[1].reason


def test_refuses_what_is_not_its_format() -> None:
    with pytest.raises(ImportFormatError):
        parse(b"\xff\xfe binary", None)
    with pytest.raises(ImportFormatError):
        parse(b"issuer,account,secret\n", None)
    assert sniff(b"<xml/>", "vault.xml") == 0.0
