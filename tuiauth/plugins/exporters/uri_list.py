"""The otpauth URI list: one Key URI per line (``tuiauth.core.otpauth.to_uri``), UTF-8.

Every type ``to_uri`` knows is written (totp, hotp, steam, motp, yandex); an account of any other
type makes the export fail naming it, rather than silently leaving it out.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...core.accounts import Account
from ...core.errors import AccountError
from ...core.otpauth import to_uri
from ...core.specs.exporters import ExporterSpec
from ...hookspecs import hookimpl
from ._accounts import refuse


def export(accounts: Sequence[Account], password: str | None) -> bytes:
    lines: list[str] = []
    failed = []
    for account in accounts:
        try:
            lines.append(to_uri(account))
        except AccountError as exc:
            failed.append((account, exc.message))
    refuse("otpauth URIs", failed)
    return "".join(line + "\n" for line in lines).encode("utf-8")


@hookimpl
def tuiauth_exporters() -> list[ExporterSpec]:
    return [
        ExporterSpec(
            name="otpauth",
            label="otpauth URI list",
            export=export,
            plaintext_secrets=True,
            extension=".txt",
            description="One otpauth:// URI per line; most authenticators can import it.",
        )
    ]
