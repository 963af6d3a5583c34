"""Helpers the built-in exporters share: naming accounts in errors without any secret."""

from __future__ import annotations

from collections.abc import Sequence

from tuiauth import AccountDraft

from ...plugin_kit.errors import ExportError

#: How many offending accounts an error message lists before "and N more".
_LISTED = 5


def refuse(what: str, reasons: Sequence[tuple[AccountDraft, str]]) -> None:
    """Raise ExportError naming the accounts ``what`` cannot hold and why (labels only, never secrets)."""
    if not reasons:
        return
    shown = "; ".join(f"{account.label}: {reason}" for account, reason in reasons[:_LISTED])
    more = f" and {len(reasons) - _LISTED} more" if len(reasons) > _LISTED else ""
    raise ExportError(f"{len(reasons)} account(s) cannot be written as {what}: {shown}{more}")
