"""What the encrypted vault body holds, and its serialised form.

Three layers with different fates:
- ``accounts`` (in display order) and ``tombstones``: the credentials and their settings (groups,
  favourites, order) — what a backup carries;
- ``device``: device-bound secrets (push keys, per-device keys) by account id — never backed up;
- ``locations``: backup locations with their sign-in values (backend credentials live only here,
  never in the TOML config) and their last known state.

Accounts are stored as rows under a column list rather than one object each: with orjson this keeps
saving and loading 10,000 accounts within a few tens of milliseconds (benchmarks/vault_io.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import orjson

from .accounts import Account
from .errors import CorruptFileError

BODY_VERSION = 1
COLUMNS = (
    "id", "issuer", "name", "secret", "type", "algorithm", "digits", "period", "counter",
    "groups", "favourite", "note", "extra", "created_at", "updated_at",
)  # fmt: skip


def account_row(a: Account) -> list[Any]:
    return [
        a.id, a.issuer, a.name, a.secret.hex(), a.type, a.algorithm, a.digits, a.period, a.counter,
        a.groups, a.favourite, a.note, a.extra, a.created_at, a.updated_at,
    ]  # fmt: skip


def accounts_from_rows(columns: list[str], rows: list[list[Any]]) -> list[Account]:
    """Rebuild accounts from rows.

    The body was authenticated under the vault key, so it holds what ``account_row`` wrote: values
    are taken as they are (a wrong type still fails loudly as ``CorruptFileError`` upstream on use of
    ``bytes.fromhex``/unpacking). This path is hot: the attributes are set directly on a new object,
    which is twice as fast as the dataclass's keyword ``__init__`` (10,000 accounts in ~5 ms); the
    check below keeps it honest should ``Account`` gain a field.
    """
    if tuple(columns) != COLUMNS:
        index = [columns.index(name) for name in COLUMNS]
        rows = [[r[i] for i in index] for r in rows]
    new = object.__new__
    out: list[Account] = []
    append = out.append
    for i, iss, n, s, t, alg, d, p, c, g, f, note, x, ca, ua in rows:
        a = new(Account)
        a.id, a.issuer, a.name, a.secret, a.type, a.algorithm = i, iss, n, bytes.fromhex(s), t, alg
        a.digits, a.period, a.counter, a.groups, a.favourite = d, p, c, g, f
        a.note, a.extra, a.created_at, a.updated_at = note, x, ca, ua
        append(a)
    return out


if {f.name for f in fields(Account)} != set(COLUMNS):  # pragma: no cover - a programming error
    raise RuntimeError("vaultdata.COLUMNS no longer matches the Account fields; update both row functions")


@dataclass
class VaultData:
    accounts: list[Account] = field(default_factory=list)
    #: account id -> deletion time; lets a backup merge tell "deleted here" from "never seen".
    tombstones: dict[str, float] = field(default_factory=dict)
    #: account id -> method-specific device-bound values. Never written into a backup.
    device: dict[str, dict[str, str]] = field(default_factory=dict)
    #: location name -> {"backend": name, "settings": {...}, "state": {...}}.
    locations: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Account-related settings that travel with the accounts (e.g. the list of known groups).
    settings: dict[str, Any] = field(default_factory=dict)
    #: The vault's recovery key (hex), kept so that backups can carry a recovery-key slot too: one
    #: recovery key opens both the vault and its backups. Never written into a backup body.
    recovery_key: str = field(default="", repr=False)
    #: Accounts removed or replaced here, kept for a while so they can be restored (``tuiauth.core.trash``).
    #: Local only: never written into a backup body.
    trash: list[dict[str, Any]] = field(default_factory=list, repr=False)
    #: Backup bodies only: which device wrote the backup and the devices that share its location
    #: (``tuiauth.core.backup.devices``). Empty in a vault.
    sync: dict[str, Any] = field(default_factory=dict)

    def to_json(self, *, rows: list[list[Any]] | None = None) -> bytes:
        """The serialised body; ``rows``: the accounts already made into rows (``account_row``), to
        serialise one set of accounts twice at the cost of once."""
        return orjson.dumps(
            {
                "version": BODY_VERSION,
                "columns": COLUMNS,
                "accounts": rows if rows is not None else [account_row(a) for a in self.accounts],
                "tombstones": self.tombstones,
                "device": self.device,
                "locations": self.locations,
                "settings": self.settings,
                "recovery_key": self.recovery_key,
                "trash": self.trash,
                "sync": self.sync,
            }
        )

    @classmethod
    def from_json(cls, raw: bytes) -> VaultData:
        try:
            body = orjson.loads(raw)
            if not isinstance(body, dict) or body.get("version") != BODY_VERSION:
                raise CorruptFileError("the vault body has an unknown layout")
            columns = [str(c) for c in body["columns"]]
            return cls(
                accounts=accounts_from_rows(columns, body["accounts"]),
                tombstones={str(k): float(v) for k, v in body["tombstones"].items()},
                device={str(k): dict(v) for k, v in body["device"].items()},
                locations=dict(body["locations"]),
                settings=dict(body["settings"]),
                recovery_key=str(body.get("recovery_key", "")),
                trash=[dict(t) for t in body.get("trash", [])],
                sync=dict(body.get("sync", {})),
            )
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise CorruptFileError(f"the vault body cannot be read ({type(exc).__name__})") from None

    def find_by_id(self, account_id: str) -> Account | None:
        return next((a for a in self.accounts if a.id == account_id), None)
