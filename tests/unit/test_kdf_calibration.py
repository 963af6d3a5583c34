"""Key-derivation calibration: one short probe, timed by an injected clock, decides the parameters
and the expected time a person is told; creating a vault costs one derivation, not several."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from tuiauth.cli import main
from tuiauth.core import crypto, sealed
from tuiauth.core.crypto import TEST_KDF, KdfEstimate, KdfParams

#: The promised profiles, written out (docs/security.md: 256 MiB x 3 passes x 4 lanes, never below 64 MiB),
#: and the probe: one pass over 16 MiB with the same lanes.
DEFAULT_KDF = KdfParams(memory_kib=256 * 1024, iterations=3, lanes=4)
MIN_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
PROBE_KDF = KdfParams(memory_kib=16 * 1024, iterations=1, lanes=4)


def probe_taking(seconds: float, start: float = 1000.0) -> Callable[[], float]:
    """A clock that reads ``start``, then ``start + seconds``: the probe took ``seconds``."""
    ticks: Iterator[float] = iter([start, start + seconds])
    return lambda: next(ticks)


PROBE_WORK = PROBE_KDF.memory_kib * PROBE_KDF.iterations
DEFAULT_WORK = DEFAULT_KDF.memory_kib * DEFAULT_KDF.iterations


def test_a_fast_machine_gets_the_default_profile_and_its_expected_time() -> None:
    estimate = crypto.estimate_kdf(clock=probe_taking(0.01))
    assert estimate.params == DEFAULT_KDF
    assert estimate.seconds == pytest.approx(0.01 * DEFAULT_WORK / PROBE_WORK)  # 0.48 s
    assert crypto.calibrate_kdf(clock=probe_taking(0.01)) == DEFAULT_KDF


def test_memory_is_halved_until_the_derivation_fits_the_target() -> None:
    # 0.03 s per probe: 256 MiB x 3 would take 1.44 s, 128 MiB x 3 takes 0.72 s.
    estimate = crypto.estimate_kdf(clock=probe_taking(0.03))
    assert estimate.params == KdfParams(128 * 1024, 3, 4)
    assert estimate.seconds == pytest.approx(0.72)
    assert crypto.estimate_kdf(target_seconds=2.0, clock=probe_taking(0.03)).params == DEFAULT_KDF


def test_exactly_the_target_is_accepted() -> None:
    # A probe of 0.5 s makes the default profile 24 s exactly (powers of two, no rounding).
    assert crypto.estimate_kdf(target_seconds=24.0, clock=probe_taking(0.5)).params == DEFAULT_KDF
    assert crypto.estimate_kdf(target_seconds=23.9, clock=probe_taking(0.5)).params == KdfParams(128 * 1024, 3, 4)


def test_calibration_aims_at_one_second_unless_told_otherwise() -> None:
    # 0.03125 s per probe: the default profile would take 1.5 s.
    assert crypto.calibrate_kdf(clock=probe_taking(0.03125)) == KdfParams(128 * 1024, 3, 4)
    assert crypto.calibrate_kdf(target_seconds=2.0, clock=probe_taking(0.03125)) == DEFAULT_KDF


def test_a_slow_machine_stops_at_the_floor_and_is_told_the_real_time() -> None:
    estimate = crypto.estimate_kdf(clock=probe_taking(0.5))
    assert estimate.params == MIN_KDF
    assert estimate.seconds == pytest.approx(6.0)
    assert estimate.wording() == "about 6 seconds"


def test_given_parameters_are_kept_and_their_time_estimated() -> None:
    estimate = crypto.estimate_kdf(KdfParams(64 * 1024, 4, 4), clock=probe_taking(0.25))
    assert estimate.params == KdfParams(64 * 1024, 4, 4)
    assert estimate.seconds == pytest.approx(4.0)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0.2, "under a second"), (1.0, "about a second"), (1.49, "about a second"), (1.5, "about 2 seconds"),
     (17.4, "about 17 seconds")],
)  # fmt: skip
def test_the_expected_time_in_words(seconds: float, words: str) -> None:
    assert KdfEstimate(DEFAULT_KDF, seconds).wording() == words


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[KdfParams]:
    """cryptography's Argon2id, each derivation's parameters recorded."""
    calls: list[KdfParams] = []

    def counting(*, memory_cost: int, iterations: int, lanes: int, **rest: object) -> Argon2id:
        calls.append(KdfParams(memory_cost, iterations, lanes))
        return Argon2id(memory_cost=memory_cost, iterations=iterations, lanes=lanes, **rest)  # type: ignore[arg-type]

    monkeypatch.setattr(crypto, "Argon2id", counting)
    return calls


def test_a_small_profile_is_probed_with_itself(derivations: list[KdfParams]) -> None:
    assert crypto.estimate_kdf(TEST_KDF, clock=probe_taking(0.001)).seconds == pytest.approx(0.001)
    assert derivations == [TEST_KDF]


def test_a_profile_as_costly_as_the_probe_is_probed_with_itself(derivations: list[KdfParams]) -> None:
    same_work = KdfParams(8 * 1024, 2, 4)
    assert crypto.estimate_kdf(same_work, clock=probe_taking(0.2)).seconds == pytest.approx(0.2)
    assert derivations == [same_work]


def test_a_large_profile_is_probed_with_the_short_probe(derivations: list[KdfParams]) -> None:
    assert crypto.estimate_kdf(MIN_KDF, clock=probe_taking(0.1)).seconds == pytest.approx(1.2)
    assert derivations == [PROBE_KDF]


@pytest.mark.real_kdf
def test_init_costs_one_short_probe_and_one_derivation(
    isolated_home: Path, tmp_path: Path, derivations: list[KdfParams], capsys: pytest.CaptureFixture[str]
) -> None:
    password = tmp_path / "password"
    password.write_text("a real password\n")
    assert main(["init", "--password-file", str(password)]) == 0
    header = sealed.read_header((isolated_home / "vault.tuiauth").read_bytes())
    kdf = header.slots[0].kdf
    assert kdf is not None and MIN_KDF.memory_kib <= kdf.memory_kib <= DEFAULT_KDF.memory_kib
    assert derivations == [PROBE_KDF, kdf]
    assert "Deriving" not in capsys.readouterr().err  # stderr is not a terminal here
