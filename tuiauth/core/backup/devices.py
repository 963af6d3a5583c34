"""Which devices share a location, and which of them this device trusts.

Every commit names its device in the backup body (``VaultData.sync``)::

    {"writer": "<device id>", "devices": {"<device id>": {"name": "laptop", "seen": 1765000000.0}, …}}

``devices`` is the set as the writer knows it (itself included, with the time it committed). A
device's id is its vault's id (``Vault.vault_id``); its name is the vault's device name.

A location's record keeps the devices this device trusts there (``LocationRecord.devices``).
Changes in a head (newer versions, deletion markers) are applied only when its writer is this device
or a trusted one; a trusted writer vouches for the devices it lists (so a third device trusted by a
second one is trusted here too). A head by any other device — one that holds the recovery secret
but that no trusted device knows — holds the sync until the person says whether to trust it
(``BackupEngine.trust``): it is shown as such before its changes apply.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..textsafe import clean_line
from ..vaultdata import VaultData

#: A body naming more devices than this is not believed (a hostile file cannot bloat the vault).
MAX_DEVICES = 64


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    #: When it last committed at the location (unix time; 0 when not known).
    seen: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "seen": self.seen}


def parse_devices(raw: Any) -> dict[str, Device]:
    """``{"id": {"name", "seen"}}`` from a record or a backup body; malformed entries are dropped."""
    out: dict[str, Device] = {}
    if not isinstance(raw, dict):
        return out
    for device_id, value in list(raw.items())[:MAX_DEVICES]:
        if isinstance(device_id, str) and device_id and isinstance(value, dict):
            seen = value.get("seen", 0.0)
            name = value.get("name", "")
            out[device_id] = Device(
                device_id,
                clean_line(name) if isinstance(name, str) else "",
                float(seen) if isinstance(seen, int | float) else 0.0,
            )
    return out


def device_labels(devices: Iterable[Device]) -> list[str]:
    """What to call each device in a message: its name, with the start of its id where two devices
    share a name (two machines with one host name would otherwise read ``vm, vm``)."""
    listed = list(devices)
    names = Counter(d.name for d in listed)
    return [
        (d.name or "a device with no name") + (f" (device {d.id[:6]})" if names[d.name] > 1 else "") for d in listed
    ]


def writer_of(data: VaultData) -> Device | None:
    """The device that wrote a backup body (None for a backup made before bodies named it)."""
    writer = data.sync.get("writer")
    if not isinstance(writer, str) or not writer:
        return None
    listed = parse_devices(data.sync.get("devices")).get(writer)
    return listed or Device(writer, "")


def listed_devices(data: VaultData) -> dict[str, Device]:
    return parse_devices(data.sync.get("devices"))


def merge_seen(*sets: Mapping[str, Device]) -> dict[str, Device]:
    """The union of device sets, each device with its newest ``seen`` (and the name that came with it)."""
    out: dict[str, Device] = {}
    for devices in sets:
        for device_id, device in devices.items():
            known = out.get(device_id)
            if known is None or device.seen > known.seen or (not known.name and device.name):
                out[device_id] = device
    return out


def sync_field(me: Device, devices: Mapping[str, Device]) -> dict[str, Any]:
    """The ``sync`` value of a body ``me`` commits: itself as writer, and the devices it trusts."""
    listed = merge_seen(devices, {me.id: me})
    return {"writer": me.id, "devices": {i: d.to_json() for i, d in listed.items()}}


@dataclass(frozen=True)
class TrustCheck:
    """The outcome of checking a scan's heads: the trusted set grown by what trusted writers vouch
    for, and the first head by a device nobody trusted (None when every head can be applied)."""

    trusted: dict[str, Device]
    stranger: Device | None
    stranger_object: str = ""


def check_heads(
    me: Device,
    trusted: Mapping[str, Device],
    heads: Iterable[tuple[str, VaultData]],
    own_object: str | None,
) -> TrustCheck:
    """Decide whether the heads (``(object name, contents)``) may change this device's vault.

    A head without a writer (made before commits named their device) is trusted only when it is the
    very object this device committed last (``own_object``).
    """
    known = dict(trusted)
    pending = list(heads)
    grew = True
    while grew:  # a trusted writer vouches for the devices it lists, in any order of the heads
        grew = False
        for name, data in list(pending):
            writer = writer_of(data)
            if (writer is None and name == own_object) or (
                writer is not None and (writer.id in known or writer.id == me.id)
            ):
                known = merge_seen(known, listed_devices(data))
                pending.remove((name, data))
                grew = True
    known.pop(me.id, None)
    if not pending:
        return TrustCheck(known, None)
    name, data = pending[0]
    return TrustCheck(known, writer_of(data) or Device("", "a device of an older version"), name)
