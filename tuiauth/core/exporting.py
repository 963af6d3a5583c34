"""Running an exporter plugin and writing what it returns, shared by ``tuiauth export`` and the app.

A plugin's unexpected failure arrives as a ``PluginError`` naming it (the plugin manager isolates
every exporter: ``tuiauth/core/plugincall.py``); the file is created mode 0600 and never replaces an
existing one. QR exports are drawn as text pages here too (``tuiauth.core.qr``): the plugins only
describe the codes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from . import qr
from .accounts import Account
from .errors import ExportError
from .specs.exporters import ExporterSpec, QrExport

PAGE_BREAK = "\f\n"


def run_export(spec: ExporterSpec, accounts: Sequence[Account], password: str | None) -> bytes:
    """The bytes ``spec`` writes for ``accounts``; ExportError when it refuses, PluginError (naming
    the plugin) when it fails otherwise."""
    return spec.export(accounts, password)


def run_qr(spec: ExporterSpec, accounts: Sequence[Account]) -> QrExport:
    """The QR codes ``spec`` describes for ``accounts``; ExportError when it has none for them."""
    if spec.qr is None:
        raise ExportError(f"the {spec.label} format is written to a file, not shown as QR codes")
    plan = spec.qr(accounts)
    if not plan.batches:
        held = "the account" if len(accounts) == 1 else f"any of the {len(accounts)} accounts"
        raise ExportError(f"a {plan.title} cannot hold {held}" + (f": {skipped_text(plan)}" if plan.skipped else ""))
    return plan


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (mode 0600) holding ``data``; ExportError when it exists or cannot be made."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ExportError(f"{path} already exists; choose another name (tuiauth never overwrites an export)") from None
    except OSError as exc:
        raise ExportError(f"cannot create {path}: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def skipped_lines(plan: QrExport) -> list[str]:
    """One line per account left out, with the reason."""
    return [f"{account.label}: {reason}" for account, reason in plan.skipped]


def skipped_text(plan: QrExport) -> str:
    return "; ".join(skipped_lines(plan))


def batch_heading(plan: QrExport, index: int) -> str:
    """The heading of batch ``index``: "Google Authenticator transfer: batch 2 of 5 (accounts 3-4 of 9)"."""
    first = sum(len(b.accounts) for b in plan.batches[:index]) + 1
    last = first + len(plan.batches[index].accounts) - 1
    total = sum(len(b.accounts) for b in plan.batches)
    held = f"account {first}" if first == last else f"accounts {first}-{last}"
    return f"{plan.title}: batch {index + 1} of {len(plan.batches)} ({held} of {total})"


def qr_lines(text: str) -> list[str]:
    """The code of ``text`` with the widest quiet zone that still fits an 80×24 terminal."""
    matrix = qr.symbol(text)
    border = qr.fitting_border(len(matrix), qr.Size(*qr.FIT))
    return qr.draw(matrix, qr.QUIET_ZONE if border is None else border)


def qr_pages_text(plan: QrExport, *, left_out: bool = True) -> str:
    """Every batch as a text page (heading, code, accounts, hint), after the accounts left out."""
    pages = []
    for index, batch in enumerate(plan.batches):
        names = [f"  {account.label}" for account in batch.accounts]
        lines = [batch_heading(plan, index), "", *qr_lines(batch.text), "", *names, "", plan.hint]
        pages.append("\n".join(lines) + "\n")
    text = PAGE_BREAK.join(pages)
    if plan.skipped and left_out:
        listed = [f"Left out of the {plan.title} ({len(plan.skipped)}):", *(f"  {s}" for s in skipped_lines(plan))]
        text = "\n".join(listed) + "\n" + PAGE_BREAK + text
    return text
