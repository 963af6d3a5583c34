"""Format detection for the Steam, Stratum, LastPass, Raivo, TOTP Authenticator, WinAuth, Authy,
Battle.net, Duo, Authenticator Plus and internal-database importers: across every registered
importer, each corpus file (and each generated file of a format without one) is claimed most
confidently by its own importer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core.specs.importers import ImporterSpec
from tuiauth.pluginmanager import PluginManager

from . import test_lastpass, test_raivo, test_steamguard

OWNERS = {
    "steam.json": "steam",
    "steam_old.json": "steam",
    "stratum_plain.json": "stratum",
    "stratum_encrypted.bin": "stratum",
    "stratum_encrypted_legacy.bin": "stratum",
    "stratum_internal.db": "stratum-db",
    "authy_plain.xml": "authy",
    "authy_encrypted.xml": "authy",
    "battle_net_authenticator.xml": "battlenet",
    "duo.json": "duo",
    "totp_authenticator.bin": "totp-authenticator",
    "totp_authenticator_internal.xml": "totp-authenticator-internal",
    "authenticator_plus.zip": "authenticator-plus",
    "microsoft_authenticator.sqlite": "microsoft-authenticator-db",
    "google_authenticator.sqlite": "google-authenticator-db",
}
GENERATED = {
    "lastpass-export.json": (lambda: test_lastpass.EXPORT, "lastpass"),
    "raivo-otp-export.json": (lambda: test_raivo.EXPORT, "raivo"),
    "raivo-otp-export.zip": (lambda: test_raivo._winzip_aes_zip(test_raivo.EXPORT, "pw"), "raivo"),
    "maFiles.zip": (lambda: test_steamguard._cli_folder("LegacySdaCompatible"), "steamguard-cli"),
}


@pytest.fixture(scope="module")
def importers() -> dict[str, ImporterSpec]:
    return dict(PluginManager().importers())


def _winner(importers: dict[str, ImporterSpec], data: bytes, filename: str) -> tuple[str, float, float]:
    scores = {key: spec.sniff(data[: 64 * 1024], filename) for key, spec in importers.items()}
    best = max(scores, key=lambda key: scores[key])
    return best, scores[best], max(v for k, v in scores.items() if k != best)


@pytest.mark.parametrize("name", sorted(OWNERS))
def test_corpus_file_is_claimed_by_its_importer(
    corpus_dir: Path, importers: dict[str, ImporterSpec], name: str
) -> None:
    best, score, runner_up = _winner(importers, (corpus_dir / "files" / name).read_bytes(), name)
    assert best == OWNERS[name] and score > runner_up


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_file_is_claimed_by_its_importer(importers: dict[str, ImporterSpec], name: str) -> None:
    make, owner = GENERATED[name]
    best, score, runner_up = _winner(importers, make(), name)
    assert best == owner and score > runner_up
