"""Whether an account still needs verification on this device (a device-bound account after a restore).

The state is derived, never stored: an account needs verification when its method is device-bound
and this vault holds no device-bound values for it. A restore brings such accounts back as identity
only (their device values never travel in a backup), so they need verification until a re-verify
flow (``restore/reverify.py``) stores new device values for them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .accounts import Account
from .specs import MethodSpec
from .vaultdata import VaultData


def is_device_bound(account: Account, methods: Mapping[str, MethodSpec]) -> bool:
    method = methods.get(account.type)
    return method is not None and method.device_bound


def needs_verification(vault_data: VaultData, account: Account, methods: Mapping[str, MethodSpec]) -> bool:
    """True when ``account`` shows no code and approves nothing until it is verified again here."""
    return is_device_bound(account, methods) and not vault_data.device.get(account.id)


def accounts_needing_verification(vault_data: VaultData, methods: Mapping[str, MethodSpec]) -> list[Account]:
    return [a for a in vault_data.accounts if needs_verification(vault_data, a, methods)]
