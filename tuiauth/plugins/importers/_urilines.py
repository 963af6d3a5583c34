"""Text files of one URI per line: ``otpauth://`` (and ``motp://``, ``steam://``) accounts and Google
``otpauth-migration://`` transfer URIs, mixed freely. Blank lines are ignored; any other line that is
not a URI is a per-line problem.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from urllib.parse import unquote

from tuiauth import AccountDraft

from ...plugin_kit.errors import ImportFormatError
from ...plugin_kit.importing import MAX_ENTRIES, EntryCollector
from ...plugin_kit.otpauth import parse_uri
from ._methods import key_uri_methods
from ._migration import SCHEME as MIGRATION_SCHEME
from ._migration import BatchSet, decode_uri

URI_SCHEMES = ("otpauth://", "motp://", "steam://")

#: Adjusts a parsed draft using the line's raw text and returns it; raising skips the line, with
#: the error's message as the reason.
LineHook = Callable[[str, AccountDraft], AccountDraft]


def numbered_lines(text: str, what: str) -> Iterator[tuple[int, str]]:
    """(line number, stripped line) for every non-blank line; ImportFormatError, before any line is
    parsed, when there are more than ``MAX_ENTRIES`` of them."""
    lines = text.splitlines()
    if len(lines) > MAX_ENTRIES and sum(1 for line in lines if line.strip()) > MAX_ENTRIES:
        raise ImportFormatError(f"this {what} file has more than {MAX_ENTRIES} lines")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped:
            yield number, stripped


def line_label(number: int, line: str) -> str:
    """``line 3 (Deno:Mason)``: the URI's label (never its query, where the secret is)."""
    _, sep, rest = line.partition("://")
    if not sep:
        return f"line {number}"
    path = rest.partition("/")[2].partition("?")[0]
    label = "".join(c for c in unquote(path, errors="replace") if c.isprintable()).strip()[:60]
    return f"line {number} ({label})" if label else f"line {number}"


def parse_uri_lines(text: str, what: str, collector: EntryCollector, hook: LineHook | None = None) -> None:
    """Parse every line into ``collector``; ImportFormatError when no line is a URI at all."""
    batches = BatchSet()
    uri_lines = 0
    for number, line in numbered_lines(text, what):
        lower = line[:32].lower()
        label = functools.partial(line_label, number, line)
        if lower.startswith(MIGRATION_SCHEME):
            uri_lines += 1
            batches.charge(line)
            with collector.entry(label):
                batches.add(decode_uri(line), collector)
        elif lower.startswith(URI_SCHEMES):
            uri_lines += 1
            with collector.entry(label):
                draft = parse_uri(line, key_uri_methods())
                collector.add(hook(line, draft) if hook else draft)
        else:
            collector.skip(label(), "not an otpauth:// URI")
    if not uri_lines:
        raise ImportFormatError(f"this file cannot be read as {what}: no line is an otpauth:// URI")
    batches.report_missing(collector)
