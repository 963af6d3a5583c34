"""Fixtures for driving the app through Pilot: a fake clock, services on TEST_KDF, ready vaults."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tuiauth.core.accounts import Account, AccountDraft
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.secrets import b32decode
from tuiauth.core.services import Services
from tuiauth.core.vault import Vault

PASSWORD = "correct horse battery staple"
#: 2026-11-24 22:00:10 UTC: 10 s into a 30 s period.
START = 1_795_903_210.0
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class FakeClock:
    now: float = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


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


def draft(issuer: str, name: str = "alice", **kw: object) -> AccountDraft:
    return AccountDraft(issuer=issuer, name=name, secret=b32decode(kw.pop("secret", SECRET)), **kw)  # type: ignore[arg-type]


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


def screen_text(app: object) -> str:
    """The text on the current screen, line by line (what a person would read)."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join("".join(seg.text for seg in strip).rstrip() for strip in strips)


def words(app: object) -> str:
    """The screen's text with line breaks and runs of spaces collapsed (wrapped messages match)."""
    return " ".join(screen_text(app).split())
