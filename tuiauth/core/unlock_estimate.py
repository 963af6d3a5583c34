"""How long unlocking a vault with its password will take on this machine, said before it starts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import crypto, sealed, vaultfile
from .errors import TuiauthError


def unlock_estimate(path: Path, clock: Callable[[], float]) -> crypto.KdfEstimate | None:
    """The expected time of the password slot's derivation (one short probe), or None when the file
    cannot say (missing, damaged, no password slot, unsafe settings): opening it then says why."""
    try:
        header = sealed.read_header(vaultfile.read_capped(path))
        kdf = next(s.kdf for s in header.slots if s.kdf is not None)
        return crypto.estimate_kdf(kdf, clock=clock)
    except (OSError, StopIteration, TuiauthError):
        return None
