"""Battle.net Authenticator's Android preferences (``shared_prefs``, root access).

``AUTHENTICATOR_SERIAL`` and ``AUTHENTICATOR_DEVICE_SECRET`` are hex strings XOR-masked with a fixed
56-byte key (the key is in the test corpus' ``vectors.json``). Unmasked: the serial as text
and the secret as 40 hex characters. TOTP SHA1, 8 digits, 30 s.
"""

from __future__ import annotations

from tuiauth import AccountDraft, ImporterSpec, ImportResult
from tuiauth.plugin_kit.encoding import hexdecode

from ...hookspecs import hookimpl
from ...plugin_kit.errors import AccountError, ImportFormatError
from ...plugin_kit.importing import EntryCollector, guarded, head_text
from ._android import looks_like_prefs, read_prefs

WHAT = "Battle.net Authenticator"
_PREFIX = "com.blizzard.messenger."
SERIAL_KEY = _PREFIX + "AUTHENTICATOR_SERIAL"
SECRET_KEY = _PREFIX + "AUTHENTICATOR_DEVICE_SECRET"
MASK = bytes.fromhex(
    "398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a"
)


def unmask(value: str) -> str:
    """The text hidden in a masked hex preference value."""
    masked = hexdecode(value)
    if len(masked) > len(MASK):
        raise AccountError("a masked value is longer than the mask")
    try:
        return bytes(b ^ m for b, m in zip(masked, MASK, strict=False)).decode("ascii")
    except UnicodeDecodeError:
        raise AccountError("a masked value does not unmask to text") from None


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    prefs = read_prefs(data, WHAT)
    if SECRET_KEY not in prefs:
        raise ImportFormatError(f"this is not a {WHAT} preferences file: it has no device secret")
    collector = EntryCollector()
    with collector.entry("Battle.net"):
        serial = unmask(prefs[SERIAL_KEY]) if prefs.get(SERIAL_KEY) else ""
        collector.add(
            AccountDraft(
                issuer="Battle.net",
                name=serial,
                secret=hexdecode(unmask(prefs[SECRET_KEY])),
                digits=8,
            )
        )
    return collector.result


def sniff(head: bytes, filename: str) -> float:
    return 0.95 if looks_like_prefs(head_text(head), SECRET_KEY) else 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="battlenet",
            app="Battle.net Authenticator",
            how="Copy the app's shared_prefs XML off a rooted Android phone.",
            label="Battle.net Authenticator (Android preferences)",
            sniff=sniff,
            parse=parse,
            patterns=("*.xml",),
            description="The Battle.net app's shared_prefs XML (root access).",
        )
    ]
