"""Time to import 10,000 accounts: a generated Aegis plain export, an otpauth URI list, a KeePassXC
database and a pass store.

Each figure is the median of several runs of the importer's ``parse`` (decoding, validation and
draft building; sniffing included). Target: at most 1 s each — for the KeePassXC database and the
pass store, 1 s beyond their own key derivation and gpg time, which are measured and shown apart:

* KeePassXC: ``keepassxc-cli import`` writes the database (its shortest decryption time, 0.1 s);
  "beyond the KDF" is the whole parse minus ``crypto.aes_kdf`` with the database's rounds.
* pass: ``pass init`` makes the store and ``gpg --encrypt --multifile`` writes its 10,000 entries
  (what ``pass insert`` does one process at a time, far too slowly for 10,000); "beyond gpg" runs
  the importer with each entry's plaintext from a first, real run (``pass_otp.read_store``).

Needs keepassxc-cli, gpg and pass (skipped with a note when missing). Run:
``python benchmarks/import_speed.py``.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tuiauth.core import crypto
from tuiauth.core.importing import read_import_path
from tuiauth.plugins.importers import aegis, keepassxc, pass_otp, uri_list
from tuiauth.plugins.importers._kdbx_header import read_header

COUNT = 10_000
RUNS = 5


def median_ms(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def secret() -> str:
    return base64.b32encode(os.urandom(20)).decode().rstrip("=")


def aegis_plain(count: int) -> bytes:
    entries = [
        {
            "type": "totp" if i % 3 else "hotp",
            "uuid": f"00000000-0000-0000-0000-{i:012d}",
            "name": f"user{i}@example.org",
            "issuer": f"Service {i % 250}",
            "note": "",
            "favorite": i % 10 == 0,
            "icon": None,
            "info": {"secret": secret(), "algo": "SHA1", "digits": 6, "period": 30, "counter": i},
        }
        for i in range(count)
    ]
    vault = {"version": 1, "header": {"slots": None, "params": None}, "db": {"version": 2, "entries": entries}}
    return json.dumps(vault).encode()


def uri_lines(count: int) -> bytes:
    lines = [
        f"otpauth://totp/Service%20{i % 250}:user{i}%40example.org?secret={secret()}"
        f"&issuer=Service+{i % 250}&algorithm=SHA256&digits=8&period=30"
        for i in range(count)
    ]
    return "\n".join(lines).encode()


def keepassxc_database(folder: Path, count: int) -> bytes:
    entries = "".join(
        f"<Entry><UUID>{base64.b64encode(i.to_bytes(16, 'big')).decode()}</UUID>"
        f"<String><Key>Title</Key><Value>Service {i % 250}</Value></String>"
        f"<String><Key>UserName</Key><Value>user{i}</Value></String>"
        f"<String><Key>otp</Key><Value>otpauth://totp/Service%20{i % 250}:user{i}?secret={secret()}"
        "&amp;issuer=Service</Value></String>"
        "</Entry>"
        for i in range(1, count + 1)
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><KeePassFile><Meta><Generator>bench</Generator></Meta>'
        f"<Root><Group><UUID>{base64.b64encode(bytes(16)).decode()}</UUID><Name>Root</Name>{entries}</Group></Root>"
        "</KeePassFile>"
    )
    (folder / "big.xml").write_text(xml)
    command = ["keepassxc-cli", "import", "-q", "-p", "-t", "100", str(folder / "big.xml"), str(folder / "big.kdbx")]
    subprocess.run(command, input="pw\npw\n", text=True, check=True, capture_output=True)
    return (folder / "big.kdbx").read_bytes()


def bench_keepassxc(folder: Path) -> None:
    data = keepassxc_database(folder, COUNT)
    spec = keepassxc.tuiauth_importers()[0]
    assert len(spec.parse(data, "pw").drafts) == COUNT
    kdf = read_header(data).kdf
    total = median_ms(lambda: spec.parse(data, "pw"))
    derive = median_ms(lambda: crypto.aes_kdf(bytes(32), kdf.salt, kdf.rounds))
    print(
        f"KeePassXC database {COUNT} accounts, {len(data) / 1e6:.1f} MB: {total:7.1f} ms, of which AES-KDF "
        f"({kdf.rounds:,} rounds) {derive:.1f} ms: {total - derive:.1f} ms beyond the KDF (median of {RUNS})"
    )


def bench_pass(folder: Path) -> None:
    env = {**os.environ, "GNUPGHOME": str(folder / "gnupg"), "PASSWORD_STORE_DIR": str(folder / "store")}
    (folder / "gnupg").mkdir(mode=0o700)
    run = lambda *args: subprocess.run(list(args), env=env, check=True, capture_output=True)  # noqa: E731
    try:
        run("gpg", "--batch", "--passphrase", "", "--quick-gen-key", "bench <b@example.invalid>", "future-default")
        run("pass", "init", "b@example.invalid")
        plain = folder / "plain"
        plain.mkdir()
        for i in range(COUNT):
            uri = f"otpauth://totp/Service%20{i % 250}:user{i}?secret={secret()}&issuer=Service"
            (plain / f"entry{i:05d}").write_text(f"password{i}\n{uri}\n")
        names = sorted(str(p) for p in plain.iterdir())
        run("gpg", "--batch", "--yes", "-r", "b@example.invalid", "--encrypt", "--multifile", *names)
        for name in names:
            os.replace(name + ".gpg", folder / "store" / (Path(name).name + ".gpg"))
        os.environ["GNUPGHOME"] = env["GNUPGHOME"]
        spec = pass_otp.tuiauth_importers()[0]
        start = time.perf_counter()
        data = read_import_path(folder / "store")
        result = spec.parse(data, None)
        whole = (time.perf_counter() - start) * 1000
        assert len(result.drafts) == COUNT and not result.problems, result.problems[:3]
        plaintexts = {name: (plain / Path(name).name).read_text() for name in names}
        by_ciphertext = {(folder / "store" / (Path(n).name + ".gpg")).read_bytes(): t for n, t in plaintexts.items()}
        cached = lambda ciphertext, timeout: pass_otp.Decrypted(True, by_ciphertext[ciphertext])  # noqa: E731
        beyond = median_ms(lambda: pass_otp.read_store(read_import_path(folder / "store"), cached))
        print(
            f"pass store         {COUNT} entries, {len(data) / 1e6:.1f} MB: {whole:7.1f} ms with gpg "
            f"(one run); {beyond:.1f} ms beyond gpg (folder read included, median of {RUNS})"
        )
    finally:
        subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True, check=False)


def main() -> None:
    for label, spec, data in (
        ("Aegis plain JSON", aegis.tuiauth_importers()[0], aegis_plain(COUNT)),
        ("otpauth URI list", uri_list.tuiauth_importers()[0], uri_lines(COUNT)),
    ):
        result = spec.parse(data, None)
        assert len(result.drafts) == COUNT and not result.problems
        ms = median_ms(lambda spec=spec, data=data: (spec.sniff(data[:65536], "x"), spec.parse(data, None)))
        print(f"{label:18s} {COUNT} accounts, {len(data) / 1e6:.1f} MB: {ms:7.1f} ms (median of {RUNS})")
    with tempfile.TemporaryDirectory() as folder:
        if shutil.which("keepassxc-cli"):
            bench_keepassxc(Path(folder))
        else:
            print("KeePassXC database: skipped (keepassxc-cli is not installed)")
    with tempfile.TemporaryDirectory() as folder:
        if shutil.which("pass") and shutil.which("gpg"):
            bench_pass(Path(folder))
        else:
            print("pass store: skipped (pass or gpg is not installed)")


if __name__ == "__main__":
    main()
