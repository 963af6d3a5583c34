"""Several processes edit one vault at once, the same accounts and different ones, trying to lose a
change: every save counts, every account added survives, the shared HOTP counter counts every use
(no two processes are ever given the same code) and the earlier versions stay linked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tuiauth.core import sealed
from tuiauth.core.accounts import Account
from tuiauth.core.crypto import KdfParams
from tuiauth.core.vault import Vault

PASSWORD = "shared password"
PROCESSES, ROUNDS = 4, 12

EDITOR = """
import json, random, sys
from pathlib import Path
from tuiauth.core import account_ops
from tuiauth.core.accounts import Account
from tuiauth.core.errors import VaultChangedError
from tuiauth.core.vault import Vault
from tuiauth.plugins.methods.hotp import tuiauth_methods

path, me, rounds = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
methods = {m.name: m for m in tuiauth_methods()}
rng = random.Random(me)
vault = Vault.open(path, password=sys.stdin.readline().rstrip("\\n"), write=True)
saves, codes, added, notes, refused = 0, [], [], [], 0
for n in range(rounds):
    vault.reload() if rng.random() < 0.5 else None  # a session that noticed the change, or one that did not
    kind = n % 3
    if kind == 0:
        account = Account(issuer=f"P{me}", name=f"n{n}", secret=bytes([me, n]) * 5)
        vault.data.accounts.append(account)
        added.append(account.id)
    elif kind == 1:  # everyone edits the note of the shared account: some of these clash
        i = next(i for i, a in enumerate(vault.data.accounts) if a.id == "shared")
        vault.data.accounts[i] = vault.data.accounts[i].touched(note=f"{me}-{n}")
    else:
        codes.append(account_ops.use_code(vault, methods, "counter", 0))
        saves += 1
        continue
    try:
        vault.save()
    except VaultChangedError:
        refused += 1
        vault.reload()  # the change is dropped, and said so: never written over the other one
        if kind == 0:
            added.pop()
        continue
    saves += 1
    if kind == 1:
        notes.append(f"{me}-{n}")
print(json.dumps({"saves": saves, "codes": codes, "added": added, "notes": notes, "refused": refused}))
"""


def test_processes_editing_the_same_and_different_accounts_lose_nothing(
    isolated_home: Path, fast_kdf: KdfParams
) -> None:
    path = isolated_home / "vault.tuiauth"
    vault = Vault.create(path, PASSWORD, kdf=fast_kdf)[0]
    vault.data.accounts += [
        Account(issuer="Shared", secret=b"1234567890", id="shared"),
        Account(issuer="Counter", secret=b"1234567890", id="counter", type="hotp"),
    ]
    vault.save()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(path), str(me), str(ROUNDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for me in range(PROCESSES)
    ]
    results = []
    for child in children:
        out, _ = child.communicate(PASSWORD + "\n", timeout=120)
        assert child.returncode == 0
        results.append(json.loads(out))

    final = Vault.open(path, password=PASSWORD)
    accounts = {a.id: a for a in final.data.accounts}
    assert final.generation == 2 + sum(r["saves"] for r in results)  # no save overwrote another
    assert all(added in accounts for r in results for added in r["added"])
    assert len(accounts) == 2 + sum(len(r["added"]) for r in results)
    codes = [code for r in results for code in r["codes"]]
    assert accounts["counter"].counter == len(codes) == PROCESSES * (ROUNDS // 3)
    assert len(set(codes)) == len(codes)  # every use had its own counter
    assert accounts["shared"].note in {note for r in results for note in r["notes"]}
    files = [path, *(path.with_name(f"vault.tuiauth.{n}") for n in (1, 2, 3))]
    headers = [sealed.read_header(f.read_bytes()) for f in files]
    assert [h.generation for h in headers] == [final.generation - n for n in range(4)]
    for newer, older in zip(headers, files[1:], strict=False):
        assert newer.parent == sealed.file_hash(older.read_bytes())
