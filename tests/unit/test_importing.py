"""The import core: detection ties and misses, importer isolation, review, all-or-nothing apply."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.core import importing
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import ImportFormatError, VaultError
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager
from tuiauth.plugins.methods import builtin_methods


def spec(name: str, score: float = 0.0, parse=None) -> ImporterSpec:
    return ImporterSpec(
        name=name, label=name.title(), sniff=lambda head, filename: score, parse=parse or (lambda d, p: ImportResult())
    )


def test_detection_picks_the_most_confident_and_refuses_ties() -> None:
    importers = {"a": spec("a", 0.4), "b": spec("b", 0.9), "c": spec("c", 0.0)}
    assert importers_detect(importers).name == "b"
    with pytest.raises(ImportFormatError, match="could be any of: a, b"):
        importers_detect({"a": spec("a", 0.5), "b": spec("b", 0.5)})
    with pytest.raises(ImportFormatError, match="does not recognise"):
        importers_detect({"c": spec("c", 0.0)})


def importers_detect(importers: dict[str, ImporterSpec]) -> ImporterSpec:
    warnings: list[str] = []
    found = importing.detect_format(importers, b"data", "file.txt", warn=warnings.append)
    assert warnings == []
    return found


def test_read_import_file_refuses_folders_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="not a regular file"):
        importing.read_import_file(tmp_path)
    with pytest.raises(ImportFormatError, match="there is no file"):
        importing.read_import_file(tmp_path / "missing")


def test_apply_is_all_or_nothing(tmp_path: Path, fast_kdf: KdfParams, monkeypatch: pytest.MonkeyPatch) -> None:
    methods = PluginManager(entrypoints=False).methods()
    vault, _ = Vault.create(tmp_path / "v", "pw", kdf=fast_kdf)
    good = AccountDraft(issuer="Good", secret=b"0123456789")
    unusable = AccountDraft(issuer="Steam", secret=b"0123456789abcdef", type="steam", digits=9)
    plan = importing.review(spec("x"), ImportResult(drafts=[good, unusable]), vault.data.accounts, methods)
    with pytest.raises(ImportFormatError, match=r"entry 1 .*nothing was imported"):
        importing.apply_import(vault, plan, methods)
    assert vault.data.accounts == []

    plan = importing.review(spec("x"), ImportResult(drafts=[good]), vault.data.accounts, methods)

    def failing_save() -> None:
        raise VaultError("disk full")

    monkeypatch.setattr(vault, "save", failing_save)
    with pytest.raises(VaultError):
        importing.apply_import(vault, plan, methods)
    assert vault.data.accounts == [], "a failed save leaves nothing half-added in memory"
    vault.close()


def test_review_marks_in_file_duplicates() -> None:
    a = AccountDraft(issuer="A", secret=b"0123456789")
    b = AccountDraft(issuer="B", secret=b"0123456789")
    plan = importing.review(spec("x"), ImportResult(drafts=[a, b]), [], builtin_methods())
    assert [i.status for i in plan.items] == ["new", "duplicate"]


def test_review_ignores_the_period_of_any_counter_based_method() -> None:
    """Two entries of a counter-based method that differ only in period make the same codes: the
    second is a duplicate, whatever the method is called; the review says it counts."""
    counting = {"counting": replace(builtin_methods()["hotp"], name="counting")}
    first = AccountDraft(issuer="A", secret=b"0123456789", type="counting", period=30, counter=4)
    second = AccountDraft(issuer="B", secret=b"0123456789", type="counting", period=60, counter=4)
    plan = importing.review(spec("x"), ImportResult(drafts=[first, second]), [], counting)
    assert [(i.status, i.counter_based) for i in plan.items] == [("new", True), ("duplicate", True)]
