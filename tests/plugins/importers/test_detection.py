"""Format detection across every registered importer: each corpus file of these formats is claimed
most confidently by its own importer (what ``tuiauth import FILE`` relies on), and every importer's
spec is well-formed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core.specs.importers import ImporterSpec
from tuiauth.pluginmanager import PluginManager

OWNERS = {
    "plain.txt": "otpauth",
    "aegis_plain.json": "aegis",
    "aegis_encrypted.json": "aegis",
    "vault_aegis_plain_grouped_v2.json": "aegis",
    "andotp_plain.json": "andotp",
    "andotp_encrypted.bin": "andotp",
    "andotp_encrypted_old.bin": "andotp",
    "2fas_authenticator.json": "2fas",
    "2fas_authenticator_plain.2fas": "2fas",
    "2fas_authenticator_encrypted.2fas": "2fas",
    "2fas_authenticator_plain_v3.2fas": "2fas",
    "2fas_authenticator_encrypted_v3.2fas": "2fas",
    "2fas_authenticator_plain_v4.2fas": "2fas",
    "2fas_authenticator_encrypted_v4.2fas": "2fas",
    "bitwarden.json": "bitwarden",
    "bitwarden.csv": "bitwarden-csv",
    "ente_auth.txt": "ente",
    "freeotp.xml": "freeotp-xml",
    "freeotp_plus.json": "freeotp-plus",
    "freeotp_plus_internal.xml": "freeotp-xml",
    "freeotp_v2_api23.xml": "freeotp",
    "freeotp_v2_api25.xml": "freeotp",
    "freeotp_v2_api27.xml": "freeotp",
    "freeotp_v2_api34.xml": "freeotp",
    "freeotp_v2_null_algo.xml": "freeotp",
    "proton_authenticator.json": "proton-authenticator",
}


@pytest.fixture(scope="module")
def importers() -> dict[str, ImporterSpec]:
    return dict(PluginManager().importers())


@pytest.mark.parametrize("name", sorted(OWNERS))
def test_own_importer_wins_the_sniff(corpus_dir: Path, importers: dict[str, ImporterSpec], name: str) -> None:
    head = (corpus_dir / "files" / name).read_bytes()[: 64 * 1024]
    scores = {key: spec.sniff(head, name) for key, spec in importers.items()}
    best = max(scores, key=lambda key: scores[key])
    assert best == OWNERS[name], sorted(scores.items(), key=lambda kv: -kv[1])[:3]
    runner_up = max(v for k, v in scores.items() if k != best)
    assert scores[best] > runner_up


def test_specs_are_complete(importers: dict[str, ImporterSpec]) -> None:
    mine = set(OWNERS.values()) | {"google-transfer", "qr-image", "ente-encrypted"}
    assert mine <= set(importers)
    for key in mine:
        spec = importers[key]
        assert spec.label and spec.description and spec.patterns
