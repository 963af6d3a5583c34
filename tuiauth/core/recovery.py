"""What the recovery key opens: the vault, and the backups each location will make from now on.

The vault keeps its recovery key (inside the encrypted body) so that every backup key set carries a
slot for it (``tuiauth.core.backup.keys``); ``recovery_status`` checks each location's key set
against it, so a person can see that the key written down opens the backups too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .backup.state import LocationRecord
from .errors import TuiauthError

if TYPE_CHECKING:
    from .vault import Vault


@dataclass(frozen=True)
class RecoveryStatus:
    #: A recovery key opens the vault (it has a recovery slot).
    exists: bool
    #: Location name -> whether backups made there from now on open with the vault's recovery key.
    locations: dict[str, bool]

    def lines(self) -> list[str]:
        if not self.exists:
            return ["No recovery key opens this vault: make one with 'tuiauth recovery-key rotate'."]
        out = ["A recovery key opens this vault (it was shown once, when it was made)."]
        for name, opens in self.locations.items():
            if opens:
                out.append(f"  {name}: backups made from now on open with it too")
            else:
                out.append(f"  {name}: backups do NOT open with it: 'tuiauth recovery-key rotate' makes a new one")
        return out

    def to_json(self) -> dict[str, Any]:
        return {"exists": self.exists, "locations": self.locations}


def recovery_status(vault: Vault) -> RecoveryStatus:
    key = vault.data.recovery_key
    locations: dict[str, bool] = {}
    for name, raw in vault.data.locations.items():
        try:
            locations[name] = bool(key) and LocationRecord.from_json(raw).keys.opens_with(key)
        except TuiauthError:
            locations[name] = False
    return RecoveryStatus(exists=vault.has_recovery_key, locations=locations)
