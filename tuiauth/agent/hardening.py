"""Keeping the agent's memory to itself: no core dumps, no ptrace by the same user, no swapping
where the platform allows it. docs/security.md says what this does and does not guarantee."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
import sys
from dataclasses import dataclass

PR_SET_DUMPABLE = 4
MCL_CURRENT = 1
MCL_FUTURE = 2


@dataclass(frozen=True)
class Hardening:
    """What ``harden`` achieved, for ``tuiauth agent status``."""

    core_dumps_off: bool
    not_dumpable: bool
    memory_locked: bool
    #: Why the memory is not locked (empty when it is).
    memory_note: str = ""

    def lines(self) -> list[str]:
        return [
            f"core dumps: {'off' if self.core_dumps_off else 'could not be turned off'}",
            f"debuggers and /proc/PID/mem of the same user: {'refused' if self.not_dumpable else 'not refused'}",
            "memory: locked (never swapped)" if self.memory_locked else f"memory: not locked ({self.memory_note})",
        ]


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None


def _no_core_dumps() -> bool:
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return True


def _not_dumpable(libc: ctypes.CDLL | None) -> bool:
    """Linux only: the process is not dumpable, so no core file and no ptrace from the same user."""
    if libc is None or not sys.platform.startswith("linux"):
        return False
    return int(libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) == 0


def _lock_memory(libc: ctypes.CDLL | None) -> tuple[bool, str]:
    """Lock every page, now and later, when the memory-lock limit allows the whole process.

    With a finite ``RLIMIT_MEMLOCK`` (8 MiB on most systems; the Python process is larger) locking
    would fail, or, with future pages included, make later allocations fail: then nothing is locked.
    """
    if libc is None or not hasattr(libc, "mlockall"):
        return False, "this platform has no mlockall"
    soft, _hard = resource.getrlimit(resource.RLIMIT_MEMLOCK)
    if soft != resource.RLIM_INFINITY and os.geteuid() != 0:
        return False, f"the memory-lock limit is {soft // 1024} KiB: raise it with LimitMEMLOCK=infinity or ulimit -l"
    if int(libc.mlockall(MCL_CURRENT | MCL_FUTURE)) != 0:
        return False, f"mlockall failed: {os.strerror(ctypes.get_errno())}"
    return True, ""


def harden() -> Hardening:
    libc = _libc()
    locked, note = _lock_memory(libc)
    return Hardening(
        core_dumps_off=_no_core_dumps(),
        not_dumpable=_not_dumpable(libc),
        memory_locked=locked,
        memory_note=note,
    )
