"""Text files of ``otpauth://`` URIs, one per line (Aegis, Stratum, WinAuth and many others export
them; see ``tuiauth.plugin_kit.otpauth``). Google transfer URIs in the same file are decoded too."""

from __future__ import annotations

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit.importing import EntryCollector, decode_text, guarded, has_suffix, head_text
from ._urilines import URI_SCHEMES, parse_uri_lines

WHAT = "otpauth URI list"


def sniff(head: bytes, filename: str) -> float:
    lines = [line.strip().lower() for line in head_text(head).splitlines()[:50] if line.strip()]
    if not lines:
        return 0.0
    uris = sum(1 for line in lines if line.startswith(URI_SCHEMES))
    if uris == 0:
        return 0.0
    share = uris / len(lines)
    if "codedisplay" in head_text(head).lower():
        return 0.5  # Ente's export: the Ente importer reads its extra fields
    return 0.9 * share if has_suffix(filename, ".txt", ".uri", ".uris") or share == 1 else 0.7 * share


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    collector = EntryCollector()
    parse_uri_lines(decode_text(data, WHAT), WHAT, collector)
    return collector.result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="otpauth",
            app="Any app (otpauth:// list)",
            how="A text file of otpauth:// URIs, one per line, such as Aegis' or Stratum's URI export.",
            label="otpauth:// URI list (text, one per line)",
            sniff=sniff,
            parse=parse,
            patterns=("*.txt",),
            description="A text file with one otpauth:// URI per line (Aegis, Stratum, WinAuth … exports).",
        )
    ]
