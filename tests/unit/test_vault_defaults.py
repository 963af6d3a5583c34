"""The production key-derivation defaults: checked for real, with the real Argon2id cost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core import crypto, sealed
from tuiauth.core.crypto import DEFAULT_KDF, MIN_KDF, KdfParams
from tuiauth.core.vault import Vault


@pytest.mark.real_kdf
def test_a_vault_created_without_a_profile_uses_the_calibrated_production_kdf(isolated_home: Path) -> None:
    assert KdfParams(memory_kib=256 * 1024, iterations=3, lanes=4) == DEFAULT_KDF
    assert KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4) == MIN_KDF
    path = isolated_home / "vault.tuiauth"
    vault, _ = Vault.create(path, "a real password")  # kdf=None: calibrate_kdf(), never TEST_KDF
    vault.close()
    kdf = sealed.read_header(path.read_bytes()).slots[0].kdf
    assert kdf is not None
    assert MIN_KDF.memory_kib <= kdf.memory_kib <= DEFAULT_KDF.memory_kib
    assert (kdf.iterations, kdf.lanes) == (DEFAULT_KDF.iterations, DEFAULT_KDF.lanes)
    calibrated = crypto.calibrate_kdf(target_seconds=0.0)  # the slowest machine still gets MIN_KDF
    assert calibrated == MIN_KDF
