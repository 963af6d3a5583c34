"""Write one set of golden files with today's code: ``python -m tests.golden.make_fixtures tests/golden/vN``.

Run it only when the sealed-file format or the body layout changes, into a *new* folder; never
rewrite a folder that is committed (tests/golden/README.md). It writes:

- ``vault.tuiauth`` — a vault (password slot with the test KDF profile, recovery slot) holding
  ``ACCOUNTS``, a tombstone and a group list, saved twice (generation 2);
- ``backup/gen-…`` — generation 1 of a backup set (password slot opened by the backup secret,
  recovery slot opened by the vault's recovery key) holding the same accounts;
- ``secrets.json`` — the test password, backup secret and recovery key that open them;
- ``expected.json`` — every account's fields and its code at ``CODE_TIME``, as this build reads them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tuiauth.core.accounts import Account
from tuiauth.core.backup.body import backup_data
from tuiauth.core.backup.keys import BackupKeys
from tuiauth.core.backup.names import object_name
from tuiauth.core.crypto import TEST_KDF
from tuiauth.core.secrets import b32encode
from tuiauth.core.vault import Vault
from tuiauth.pluginmanager import PluginManager

PASSWORD = "golden vault password — Ünïcode ✓"
BACKUP_SECRET = "golden backup secret 🔐"
VAULT_DEVICE = "Zoë's laptop — 笔记本"
BACKUP_DEVICE = "Ålesund desktop ☃"
BACKUP_TIME = "2026-12-07T01:50:00Z"
CODE_TIME = 1_800_000_000.0

ACCOUNTS = [
    Account(
        id="0" * 31 + "1", issuer="Exämple Bank", name="zoë@example.org", secret=b"12345678901234567890",
        type="totp", algorithm="SHA1", digits=6, period=30, groups=["Money", "Ünïcode"], favourite=True,
        note="Recovery codes are in the safe ✓", created_at=1_700_000_000.0, updated_at=1_700_000_100.5,
    ),
    Account(
        id="0" * 31 + "2", issuer="Forge", name="dev", secret=bytes(range(32)), type="totp",
        algorithm="SHA256", digits=8, period=60, created_at=1_700_000_001.0, updated_at=1_700_000_001.0,
    ),
    Account(
        id="0" * 31 + "3", issuer="Mail", name="", secret=bytes(range(64)), type="totp", algorithm="SHA512",
        digits=10, period=30, groups=["Work"], created_at=1_700_000_002.0, updated_at=1_700_000_002.0,
    ),
    Account(
        id="0" * 31 + "4", issuer="VPN", name="token", secret=b"hotp secret 1234", type="hotp",
        algorithm="SHA1", digits=6, counter=2**63 - 1, created_at=1_700_000_003.0, updated_at=1_700_000_004.0,
    ),
    Account(
        id="0" * 31 + "5", issuer="Steam", name="gamer", secret=b"steam-secret-0123456", type="steam",
        algorithm="SHA1", digits=5, period=30, created_at=1_700_000_005.0, updated_at=1_700_000_005.0,
    ),
    Account(
        id="0" * 31 + "6", issuer="Old VPN", name="motp", secret=bytes.fromhex("0123456789abcdef"), type="motp",
        algorithm="MD5", digits=6, period=10, extra={"pin": "1234"}, created_at=1_700_000_006.0,
        updated_at=1_700_000_006.0,
    ),
]  # fmt: skip
TOMBSTONES = {"f" * 32: 1_700_000_050.25}
SETTINGS = {"groups": ["Money", "Work", "Ünïcode"]}


def expected_accounts() -> list[dict[str, object]]:
    methods = PluginManager(entrypoints=False).methods()
    out = []
    for account in ACCOUNTS:
        row = account.to_dict()
        row["secret"] = b32encode(account.secret)
        row["code"] = methods[account.type].code(account, CODE_TIME)
        out.append(row)
    return out


def main(folder: Path) -> None:
    if folder.exists():
        raise SystemExit(f"{folder} exists: golden files are written once, into a new folder")
    (folder / "backup").mkdir(parents=True)
    vault, recovery_key = Vault.create(folder / "vault.tuiauth", PASSWORD, kdf=TEST_KDF, device_name=VAULT_DEVICE)
    vault.data.accounts.extend(ACCOUNTS)
    vault.data.tombstones.update(TOMBSTONES)
    vault.data.settings.update(SETTINGS)
    vault.save()
    keys = BackupKeys.create(BACKUP_SECRET, TEST_KDF, vault.data.recovery_key)
    body = backup_data(vault.data, PluginManager(entrypoints=False).methods()).to_json()
    vault.close()
    for leftover in ("vault.lock", "vault.tuiauth.1"):  # the lock file and the previous local copy
        (folder / leftover).unlink(missing_ok=True)
    name = object_name(1, keys.backup_id, None)
    blob = keys.seal(body, generation=1, parent=None, device_name=BACKUP_DEVICE, time=BACKUP_TIME)
    (folder / "backup" / name).write_bytes(blob)
    secrets = {"password": PASSWORD, "backup_secret": BACKUP_SECRET, "recovery_key": recovery_key}
    expected = {
        "vault": {"generation": 2, "device": VAULT_DEVICE},
        "backup": {"name": name, "generation": 1, "device": BACKUP_DEVICE, "time": BACKUP_TIME},
        "code_time": CODE_TIME,
        "accounts": expected_accounts(),
        "tombstones": TOMBSTONES,
        "settings": SETTINGS,
    }
    for file, value in (("secrets.json", secrets), ("expected.json", expected)):
        (folder / file).write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
