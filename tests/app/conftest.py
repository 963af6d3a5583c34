"""Fixtures for driving the app through Pilot: a fake clock, services on TEST_KDF, ready vaults."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tuiauth.core.accounts import Account, AccountDraft
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.services import Services
from tuiauth.core.vault import Vault

from .helpers import PASSWORD, FakeClock


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """A short temporary folder (``/tmp/ta-XXXXXXXX``) instead of pytest's. The screens show paths at
    80 columns, and pytest's (``/tmp/pytest-of-USER/pytest-N/popen-gwN/test_name0``) grows with the run
    number, the xdist worker and the test's name until an asserted sentence wraps or is cut."""
    folder = Path(tempfile.mkdtemp(prefix="ta-", dir="/tmp" if Path("/tmp").is_dir() else None))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_services(clock: FakeClock) -> Iterator[Callable[[], Services]]:
    """Services over the isolated TUIAUTH_HOME with the fast KDF and the fake clock."""
    made: list[Services] = []

    def make() -> Services:
        services = Services.create(entrypoints=False, kdf=TEST_KDF, clock=clock)
        made.append(services)
        return services

    yield make
    for services in made:
        services.close()


@pytest.fixture
def vault_with(make_services: Callable[[], Services]) -> Callable[..., Services]:
    """Create a vault holding ``accounts`` (drafts), close it, and return fresh services (locked)."""

    def create(*drafts: AccountDraft, unlocked: bool = False) -> Services:
        services = make_services()
        vault, _ = Vault.create(services.paths.vault_file, PASSWORD, kdf=TEST_KDF)
        for i, d in enumerate(drafts):
            vault.data.accounts.append(Account.from_draft(d, id=f"acc{i:05d}", created_at=0.0, updated_at=0.0))
        vault.save()
        if unlocked:
            services.vault = vault
        else:
            vault.close()
        return services

    return create
