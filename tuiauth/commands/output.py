"""How ``code`` and ``list`` print, from the JSON shape of accounts (``common.account_json``): the same
lines whether the vault was opened here or the agent answered (``tuiauth.agent.fastpath``).

Standard library only: this module is on the agent's fast path.
"""

from __future__ import annotations

import json
import sys

#: ``typing`` stays unimported on the fast path; type checkers take this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

#: The widest an issuer or name column gets; longer ones are cut with "…".
MAX_COLUMN = 28


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def list_lines(accounts: Sequence[Mapping[str, Any]]) -> list[str]:
    """Favourites first (marked ``*``), then the others, each in the vault's order; the issuer and
    name columns as wide as most entries need, at most ``MAX_COLUMN``."""
    ordered = [a for a in accounts if a["favourite"]] + [a for a in accounts if not a["favourite"]]

    def fit(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    issuer_width = min(MAX_COLUMN, max(len(a["issuer"]) for a in ordered))
    name_width = min(MAX_COLUMN, max(len(a["name"]) for a in ordered))
    return [
        f"{'*' if a['favourite'] else ' '} {fit(a['issuer'], issuer_width):<{issuer_width}}  "
        f"{fit(a['name'], name_width):<{name_width}}  {a['type']}".rstrip()
        for a in ordered
    ]


def print_list(accounts: Sequence[Mapping[str, Any]], *, as_json: bool) -> None:
    if as_json:
        print_json(list(accounts))
    elif not accounts:
        print("The vault has no accounts yet: add one with 'tuiauth add URI' or in the app.")
    else:
        for line in list_lines(accounts):
            print(line)


def print_code(
    account: Mapping[str, Any], code: str, remaining: int | None, *, as_json: bool, copy: bool = False
) -> str | None:
    """Print the code (or its JSON); with ``copy``, put it on the clipboard instead of standard
    output (JSON is still printed). The problem when the copy failed, else None."""
    if copy:
        from ..clipboard import ClipboardError, SystemClipboard

        try:
            copied = SystemClipboard().copy(code)
        except ClipboardError as exc:
            return f"the code was not copied: {exc}"
        if not copied:
            return "the code was not copied: there is no clipboard tool here (wl-copy, xclip, xsel or pbcopy)"
        left = "" if remaining is None else f" ({remaining} s left)"
        print(f"Copied the code to the clipboard{left}.", file=sys.stderr)
    if as_json:
        print_json({**account, "code": code, "remaining": remaining})
    elif not copy:
        print(code)
    return None
