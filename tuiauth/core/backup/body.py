"""What a backup body holds (accounts, groups, order, favourites, notes) and nothing else, and reading one back.

A backup body is a ``VaultData`` serialised like the vault's, with only the accounts (in their
order, with groups and favourites), the tombstones and the account settings. Never in it: the
device-bound values (``device``), the backup locations and their credentials (``locations``) and the
vault's recovery key. Accounts of a device-bound method travel as their identity only (issuer, name,
type, parameters; secret and method values emptied); a restore lists them as "needs more
verification". An account whose method plugin is not installed right now travels whole:
by the method contract a device-bound credential lives in ``device`` — never in the account — so
nothing bound to the device can leak, while dropping its secret would lose the account on restore.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .. import crypto
from ..accounts import Account
from ..errors import CorruptFileError
from ..specs import MethodSpec
from ..vaultdata import VaultData


def travels_whole(account: Account, methods: Mapping[str, MethodSpec]) -> bool:
    """True when the account's secret goes into a backup: unless its method is a device-bound one."""
    method = methods.get(account.type)
    return method is None or not method.device_bound


def backup_data(data: VaultData, methods: Mapping[str, MethodSpec]) -> VaultData:
    """The part of ``data`` a backup carries (a new object; ``data`` is not changed)."""
    accounts = [
        a if travels_whole(a, methods) else replace(a, secret=b"", extra={}, groups=list(a.groups))
        for a in data.accounts
    ]
    return VaultData(accounts=accounts, tombstones=dict(data.tombstones), settings=dict(data.settings))


def fingerprint(body: bytes) -> str:
    """What "out of date" compares: the hash of the backup body the vault would produce now."""
    return crypto.sha256(body).hex()


def parse_backup_body(raw: bytes) -> VaultData:
    """The contents of an authenticated backup body, checked field by field (``CorruptFileError``)."""
    data = VaultData.from_json(raw)
    if data.device or data.locations or data.recovery_key or data.trash:
        raise CorruptFileError("the backup holds values a backup never carries: it was not written by tuiauth")
    seen: set[str] = set()
    for account in data.accounts:
        if not _well_formed(account) or account.id in seen:
            raise CorruptFileError("the backup's contents are malformed (an account has invalid fields)")
        seen.add(account.id)
    return data


def _well_formed(a: Account) -> bool:
    """Field types as ``account_row`` writes them (plain ``type`` checks: 10,000 accounts in a few ms)."""
    return (
        type(a.id) is str
        and type(a.issuer) is str
        and type(a.name) is str
        and type(a.type) is str
        and type(a.algorithm) is str
        and type(a.note) is str
        and type(a.digits) is int
        and type(a.period) is int
        and type(a.counter) is int
        and type(a.favourite) is bool
        and type(a.created_at) in _NUMBERS
        and type(a.updated_at) in _NUMBERS
        and type(a.groups) is list
        and type(a.extra) is dict
        and all(type(g) is str for g in a.groups)
        and all(type(k) is str and type(v) is str for k, v in a.extra.items())
    )


_NUMBERS = (int, float)
