"""Backup health with the app closed: ``check_location`` reads a location back and lists its problems.

What ``tuiauth backup check`` runs for each enabled location (from cron or a systemd timer):

- the state the vault recorded: the last attempt ``failed`` or needs ``sign-in``; ``stale`` when
  the accounts changed since the last verified backup and that backup is older than ``max_age``
  (a location that already holds everything needs no new backup, however old it is), or when there
  never was a verified backup;
- the location itself, read now: ``unreachable`` (the backend's error), ``missing`` (no backup
  there), ``tampered`` (the newest generation does not authenticate or decrypt with the key the
  vault keeps for the location), ``rollback`` (the newest generation is older than one this vault
  saw there);
- the backup invariant (``invariant.compare_live``): each way the newest generation's live accounts
  differ from this device's is one ``differing`` problem;
- ``clock``: the server's ``Date`` is more than 30 s from this computer's clock (``clock.py``).

Nothing is written, to the vault or to the location; no key is derived (the location's backup key
is kept in the vault). Problems name accounts by label and id, never a secret.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..errors import BackendError, TuiauthError
from ..vaultdata import VaultData
from .clock import is_skewed, offset_of, skew_message
from .invariant import compare_live, live_accounts
from .merge import merge_contents
from .names import generation_of
from .reader import open_object
from .state import LocationRecord, LocationStatus, iso

if TYPE_CHECKING:
    from ..specs import Backend
    from .engine import BackupEngine

ProblemKind = Literal[
    "failed", "sign-in", "stale", "unreachable", "missing", "tampered", "rollback", "differing", "clock"
]


@dataclass(frozen=True)
class CheckProblem:
    kind: ProblemKind
    #: One line for a person (no secret: accounts by label and id).
    message: str


@dataclass(frozen=True)
class LocationCheck:
    """What reading one location back found."""

    location: str
    description: str
    #: The newest generation read back (None when none could be read) and when and where it was written.
    generation: int | None = None
    written_at: str = ""
    device: str = ""
    #: How many live accounts the newest generation holds (None when it could not be read).
    accounts: int | None = None
    #: Seconds the server's clock is ahead of this computer's (None: the backend does not say).
    clock_offset: float | None = None
    problems: tuple[CheckProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "description": self.description,
            "ok": self.ok,
            "generation": self.generation,
            "written_at": self.written_at or None,
            "device": self.device or None,
            "accounts": self.accounts,
            "clock_offset": self.clock_offset,
            "problems": [{"kind": p.kind, "message": p.message} for p in self.problems],
        }


def check_location(
    engine: BackupEngine, location: str, *, max_age: float | None, clock: Callable[[], float]
) -> LocationCheck:
    """Read ``location`` back and compare it with the vault ``engine`` holds (``max_age`` in seconds)."""
    (status,) = engine.status(location)
    record = engine.record(location)
    problems = _recorded_problems(status, max_age, clock())
    found = _read_back(engine, location, record, clock)
    return LocationCheck(
        location=location,
        description=status.description,
        generation=found.generation,
        written_at=found.written_at,
        device=found.device,
        accounts=found.accounts,
        clock_offset=found.clock_offset,
        problems=(*problems, *found.problems),
    )


def _recorded_problems(status: LocationStatus, max_age: float | None, now: float) -> list[CheckProblem]:
    out: list[CheckProblem] = []
    if status.needs_sign_in:
        out.append(CheckProblem("sign-in", f"needs signing in again (tuiauth backup signin --location {status.name})"))
    elif status.last_error is not None:
        when = f" at {iso(status.last_error.at)}" if status.last_error.at else ""
        out.append(CheckProblem("failed", f"the last backup{when} failed: {status.last_error.message}"))
    if max_age is None:
        return out
    if status.last_verified_at is None:
        out.append(CheckProblem("stale", "there has been no verified backup yet (tuiauth backup now)"))
    elif status.out_of_date and now - status.last_verified_at > max_age:
        out.append(
            CheckProblem(
                "stale",
                f"the accounts changed since the last verified backup, made {iso(status.last_verified_at)} "
                f"({_age(now - status.last_verified_at)} ago, more than the allowed {_age(max_age)})",
            )
        )
    return out


def _read_back(
    engine: BackupEngine, location: str, record: LocationRecord, clock: Callable[[], float]
) -> LocationCheck:
    try:
        backend = engine.plugins.backend(record.backend).factory(dict(record.settings))
    except TuiauthError as exc:
        return LocationCheck(location, "", problems=(CheckProblem("unreachable", exc.message),))
    except Exception as exc:  # a plugin's bug: its text could carry a credential
        return LocationCheck(location, "", problems=(_plugin_bug(record.backend, exc),))
    try:
        found = _newest(engine, location, record, backend)
        offset = offset_of(backend, clock())
        problems = list(found.problems)
        if is_skewed(offset):
            assert offset is not None
            problems.append(CheckProblem("clock", skew_message(offset, "the server")))
        return LocationCheck(
            location,
            "",
            found.generation,
            found.written_at,
            found.device,
            found.accounts,
            offset,
            tuple(problems),
        )
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection must not hide the result
            backend.close()


def _newest(engine: BackupEngine, location: str, record: LocationRecord, backend: Backend) -> LocationCheck:
    """The newest generation read, decrypted with the location's key and compared with the vault."""
    try:
        names = [n for n in backend.list() if generation_of(n) is not None]
    except BackendError as exc:
        return LocationCheck(location, "", problems=(CheckProblem("unreachable", exc.message),))
    except Exception as exc:
        return LocationCheck(location, "", problems=(_plugin_bug(record.backend, exc),))
    if not names:
        return LocationCheck(location, "", problems=(CheckProblem("missing", "the location holds no backup"),))
    top = max(generation_of(n) or 0 for n in names)
    problems: list[CheckProblem] = []
    opened: list[tuple[str, str, VaultData]] = []
    for name in sorted(n for n in names if generation_of(n) == top):
        try:
            header, data = open_object(name, backend.read(name), record.keys.mk, record.keys.backup_id)
        except BackendError as exc:
            problems.append(CheckProblem("unreachable", exc.message))
        except TuiauthError as exc:
            problems.append(CheckProblem("tampered", f"generation {top} ({name}) cannot be used: {exc.message}"))
        except Exception as exc:
            problems.append(_plugin_bug(record.backend, exc))
        else:
            opened.append((header.time, header.device, data))
    if record.state.highest_seen > top:
        problems.append(
            CheckProblem(
                "rollback",
                f"the newest backup there is generation {top}, but this vault saw generation "
                f"{record.state.highest_seen}: backups were removed or an old copy was put back",
            )
        )
    if not opened:
        return LocationCheck(location, "", top, problems=tuple(problems))
    opened.sort(key=lambda o: o[0], reverse=True)
    written_at, device, data = opened[0]
    if len(opened) > 1:  # a fork at the newest generation: its merge is what a restore gets
        data = merge_contents(data, [o[2] for o in opened[1:]])
    differences = compare_live(data, engine.vault.data, engine.plugins.methods())
    problems += [CheckProblem("differing", d.reason) for d in differences]
    return LocationCheck(location, "", top, written_at, device, len(live_accounts(data)), problems=tuple(problems))


def _plugin_bug(backend: str, exc: Exception) -> CheckProblem:
    return CheckProblem("unreachable", f"the {backend} backend failed ({type(exc).__name__})")


def _age(seconds: float) -> str:
    if seconds < 2 * 3600:
        return f"{max(0, round(seconds / 60))} min"
    if seconds < 2 * 86400:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} days"


def parse_duration(text: str) -> float:
    """Seconds in ``90s``, ``30m``, ``12h``, ``7d``, ``2w`` or a bare number of seconds (ValueError)."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
    value = text.strip().lower()
    factor = units.get(value[-1:]) if value else None
    number = value[:-1] if factor is not None else value
    seconds = float(number) * (factor or 1)
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError(text)
    return seconds
