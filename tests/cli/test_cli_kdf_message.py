"""The command line says on stderr how long a new key's derivation takes, when it takes a second or
more and stderr is a terminal; scripts (stderr not a terminal) see nothing."""

from __future__ import annotations

import io
import sys

import pytest

from tuiauth.commands.common import new_key_parameters
from tuiauth.core.crypto import TEST_KDF
from tuiauth.services import Services


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def services_probing(seconds: float) -> Services:
    ticks = iter([10.0, 10.0 + seconds])
    services = Services.create(entrypoints=False, kdf=TEST_KDF)
    services.kdf_clock = lambda: next(ticks)
    return services


@pytest.mark.parametrize(("seconds", "line"), [(1.0, "about a second"), (8.2, "about 8 seconds")])
def test_a_terminal_is_told_the_expected_time(monkeypatch: pytest.MonkeyPatch, seconds: float, line: str) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert new_key_parameters(services_probing(seconds), "vault") == TEST_KDF
    assert terminal.getvalue() == f"Deriving the vault key: {line} on this machine…\n"


def test_under_a_second_or_off_a_terminal_nothing_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    new_key_parameters(services_probing(0.99), "vault")
    assert terminal.getvalue() == ""
    not_a_terminal = io.StringIO()
    monkeypatch.setattr(sys, "stderr", not_a_terminal)
    new_key_parameters(services_probing(30.0), "vault")
    assert not_a_terminal.getvalue() == ""
