"""Time to import a generated 10,000-account Aegis plain export and a 10,000-line otpauth URI list.

Each figure is the median of several runs of the importer's ``parse`` (decoding, validation and
draft building; sniffing included). Target: at most 1 s each. Run: ``python benchmarks/import_speed.py``.
"""

from __future__ import annotations

import base64
import json
import os
import statistics
import time
from collections.abc import Callable

from tuiauth.plugins.importers import aegis, uri_list

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


def main() -> None:
    for label, spec, data in (
        ("Aegis plain JSON", aegis.tuiauth_importers()[0], aegis_plain(COUNT)),
        ("otpauth URI list", uri_list.tuiauth_importers()[0], uri_lines(COUNT)),
    ):
        result = spec.parse(data, None)
        assert len(result.drafts) == COUNT and not result.problems
        ms = median_ms(lambda spec=spec, data=data: (spec.sniff(data[:65536], "x"), spec.parse(data, None)))
        print(f"{label:18s} {COUNT} accounts, {len(data) / 1e6:.1f} MB: {ms:7.1f} ms (median of {RUNS})")


if __name__ == "__main__":
    main()
