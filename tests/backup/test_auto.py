"""Automatic backup with a fake clock: debounce, retries with backoff, no retry without the person."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tuiauth.core.backup import AutoBackup, BackupEngine
from tuiauth.core.errors import BackendAuthError, BackendNetworkError
from tuiauth.core.vault import Vault
from tuiauth.plugins.backends.local import LocalBackend

from .conftest import add_accounts, make_accounts


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Unreachable(LocalBackend):
    def list(self) -> list[str]:
        raise BackendNetworkError("cannot reach backup.example: the connection was refused", cause="refused")


class SignedOut(LocalBackend):
    def list(self) -> list[str]:
        raise BackendAuthError("sign-in failed at backup.example: check the user name and password")


def break_backend(
    engine: BackupEngine, folder: Path, kind: type[LocalBackend], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = replace(engine.plugins.backend("local"), factory=lambda settings: kind(folder))
    monkeypatch.setattr(engine.plugins, "backend", lambda name: spec)


def test_debounce_after_the_last_change(enabled: BackupEngine, vault: Vault) -> None:
    clock = Clock()
    auto = AutoBackup(enabled, clock, debounce=10)
    assert auto.next_due() is None and auto.run_once() == []
    add_accounts(vault, make_accounts(1, "A"))
    auto.changed()
    clock.now += 6
    add_accounts(vault, make_accounts(1, "B"))
    auto.changed()
    clock.now += 6
    assert not auto.due() and auto.run_once() == []
    clock.now += 5
    assert auto.due()
    (status,) = auto.run_once()
    assert status.generation == 2 and not status.out_of_date and auto.next_due() is None


def test_an_out_of_date_vault_is_due_at_start(enabled: BackupEngine, vault: Vault) -> None:
    add_accounts(vault, make_accounts(1, "A"))
    clock = Clock()
    auto = AutoBackup(enabled, clock, debounce=3)
    assert auto.next_due() == clock.now + 3


def test_network_failures_retry_with_backoff(
    enabled: BackupEngine, vault: Vault, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    auto = AutoBackup(enabled, clock, debounce=1, retry_base=10, retry_max=35)
    add_accounts(vault, make_accounts(1, "A"))
    before = vault.path.read_bytes()
    break_backend(enabled, folder, Unreachable, monkeypatch)
    auto.changed()
    delays = []
    for _ in range(4):
        clock.now = auto.next_due() or 0
        (status,) = auto.run_once()
        assert status.last_error is not None and status.last_error.cause == "refused"
        delays.append((auto.next_due() or 0) - clock.now)
    assert delays == [10, 20, 35, 35]
    assert vault.path.read_bytes() == before
    monkeypatch.undo()
    clock.now = auto.next_due() or 0
    (status,) = auto.run_once()
    assert status.last_error is None and status.generation == 2
    assert auto.failures == 0 and auto.next_due() is None


def test_sign_in_failures_wait_for_the_person(
    enabled: BackupEngine, vault: Vault, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    auto = AutoBackup(enabled, clock, debounce=1)
    break_backend(enabled, folder, SignedOut, monkeypatch)
    add_accounts(vault, make_accounts(1, "A"))
    auto.changed()
    clock.now += 1
    (status,) = auto.run_once()
    assert status.needs_sign_in and status.marker == "sign-in" and status.last_error is not None
    assert status.last_error.kind == "auth" and auto.next_due() is None


def test_begin_and_finish_split_for_a_worker(enabled: BackupEngine, vault: Vault) -> None:
    clock = Clock()
    auto = AutoBackup(enabled, clock, debounce=0)
    add_accounts(vault, make_accounts(1, "A"))
    auto.changed()
    job = auto.begin()
    assert job is not None and job.locations == ("home",) and auto.begin() is None
    generation = vault.generation
    outcome = job.run()
    assert vault.generation == generation  # the network half never touches the vault
    add_accounts(vault, make_accounts(1, "During"))
    auto.changed()
    (status,) = auto.finish(outcome)
    assert status.last_error is None and status.out_of_date  # the change made during the run is still pending
    assert auto.due()
