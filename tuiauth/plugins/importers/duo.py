"""Duo Mobile's internal account list (``files/duokit/accounts.json``, root access).

An array of ``{name, accountType, otpGenerator: {otpSecret (base32), counter?}}``: a ``counter``
means HOTP, otherwise TOTP SHA1 / 6 / 30. Duo stores no issuer. Duo push accounts have no
``otpGenerator`` and are reported, not imported.
"""

from __future__ import annotations

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import b32decode

from ...hookspecs import hookimpl
from ...plugin_kit.errors import AccountError
from ...plugin_kit.importing import (
    EntryCollector,
    entry_label,
    guarded,
    head_text,
    integer,
    load_json,
    require_list,
    text,
)

WHAT = "Duo Mobile"


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    rows = require_list(load_json(data, WHAT), WHAT, "the top level")
    collector = EntryCollector()
    for index, row in enumerate(rows):
        name = row.get("name") if isinstance(row, dict) else None
        with collector.entry(entry_label(name, None, index)):
            if not isinstance(row, dict):
                raise AccountError("the entry is not an object")
            generator = row.get("otpGenerator")
            if not isinstance(generator, dict):
                raise AccountError("it has no one-time-password generator (a Duo push account)")
            draft = AccountDraft(name=text(row, "name"), secret=b32decode(text(generator, "otpSecret")))
            if generator.get("counter") is not None:
                draft.type, draft.counter = "hotp", integer(generator, "counter", 0)
            collector.add(draft)
    return collector.result


def sniff(head: bytes, filename: str) -> float:
    text_head = head_text(head).lstrip()
    if text_head.startswith("[") and '"otpGenerator"' in text_head:
        return 0.95
    return 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="duo",
            app="Duo Mobile",
            how="Copy files/duokit/accounts.json off a rooted Android phone (Duo has no export).",
            label="Duo Mobile internal accounts.json",
            sniff=sniff,
            parse=parse,
            patterns=("accounts.json", "*.json"),
            description="Duo Mobile's files/duokit/accounts.json (root access); third-party OTP accounts only.",
        )
    ]
