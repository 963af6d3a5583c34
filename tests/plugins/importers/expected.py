"""Expected accounts of the shared corpus (``../shared/corpus/MANIFEST.txt``), shared by the importer
golden tests. Append new sets at the end; keep the names stable.

The AEGIS-SET is Aegis' ``VaultEntries.java`` list as the MANIFEST quotes it. Where tuiauth
deliberately differs from the expectation of Aegis' own test, the golden test says why next to the
call (e.g. FreeOTP's stored HOTP counter, which tuiauth turns back into the URI's counter).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from tuiauth.core.secrets import b32encode


@dataclass(frozen=True)
class Expected:
    issuer: str
    name: str
    secret: str  # unpadded upper-case base32
    type: str
    algorithm: str
    digits: int
    period: int = 30
    counter: int = 0

    def key(self) -> tuple[Any, ...]:
        """The compared fields: period only for time-based types, counter only for HOTP."""
        return (
            self.issuer,
            self.name,
            self.secret,
            self.type,
            self.algorithm,
            self.digits,
            None if self.type == "hotp" else self.period,
            self.counter if self.type == "hotp" else None,
        )


AEGIS_SET: dict[str, Expected] = {
    "A1": Expected("Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", "totp", "SHA1", 6, period=30),
    "A2": Expected("SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU", "totp", "SHA256", 7, period=20),
    "A3": Expected("Airbnb", "Elijah", "7ELGJSGXNCCTV3O6LKJWYFV2RA", "totp", "SHA512", 8, period=50),
    "A4": Expected("Issuu", "James", "YOOMIXWS5GN6RTBPUFFWKTW5M4", "hotp", "SHA1", 6, counter=1),
    "A5": Expected("Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII", "hotp", "SHA256", 7, counter=50),
    "A6": Expected("WWE", "Mason", "5VAML3X35THCEBVRLV24CGBKOY", "hotp", "SHA512", 8, counter=10300),
    "A7": Expected("Boeing", "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI", "steam", "SHA1", 5, period=30),
    "A8": Expected("Battle.net", "US-2211-2050-3346", "BMGRXPGFARQQF4GMT25JATL2VYLAHDBI", "totp", "SHA1", 8, period=30),
}


def aegis(*keys: str, **changes: Any) -> list[Expected]:
    """The named AEGIS-SET entries, each with ``changes`` applied (e.g. ``type="totp"``)."""
    return [replace(AEGIS_SET[k], **changes) for k in keys]


def aegis_range(first: int, last: int, **changes: Any) -> list[Expected]:
    """``aegis_range(1, 7)`` = A1…A7."""
    return aegis(*(f"A{i}" for i in range(first, last + 1)), **changes)


def draft_key(draft: Any) -> tuple[Any, ...]:
    """An AccountDraft in the shape of ``Expected.key``."""
    return Expected(
        issuer=draft.issuer,
        name=draft.name,
        secret=b32encode(draft.secret),
        type=draft.type,
        algorithm=draft.algorithm,
        digits=draft.digits,
        period=draft.period,
        counter=draft.counter,
    ).key()


def assert_accounts(drafts: Iterable[Any], expected: Iterable[Expected]) -> None:
    """Every field of every account equal, as multisets (order is not part of the contract)."""
    got = sorted((draft_key(d) for d in drafts), key=repr)
    want = sorted((e.key() for e in expected), key=repr)
    assert got == want
