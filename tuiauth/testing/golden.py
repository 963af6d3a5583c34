"""The importer kit's golden files: an ``ImportResult`` compared with an expected JSON file.

``check_golden(result, path)`` compares field by field — issuer, name, type, algorithm, digits,
period, counter, the secret in base32, groups and note where set, and the problems (entry and reason)
— and fails with one line per difference, naming the entry and the field::

    account 2 (ACME: bob): digits: expected 8, got 6

Run the tests with ``TUIAUTH_UPDATE_GOLDEN=1`` to write (or rewrite) the files from the results
instead, then read them before committing::

    def test_golden():
        check_golden(SPEC.parse(SAMPLE, None), Path(__file__).parent / "golden" / "export.json")

The fuzzing helpers for importers are in ``tuiauth.testing.importers``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from ..commands.import_cmds import draft_json
from ..core.accounts import AccountDraft
from ..core.specs.importers import ImportResult

#: Set to ``1`` to make ``check_golden`` write the expected file instead of comparing with it.
UPDATE_GOLDEN = "TUIAUTH_UPDATE_GOLDEN"


def golden_entry(draft: AccountDraft) -> dict[str, Any]:
    """The compared fields of one account, as the golden file holds them: the shape of
    ``tuiauth import --dry-run --json --show-secrets``, with groups and note where set."""
    entry = draft_json(draft, show_secret=True)
    if draft.groups:
        entry["groups"] = list(draft.groups)
    if draft.note:
        entry["note"] = draft.note
    return entry


def golden_document(result: ImportResult) -> dict[str, Any]:
    """``result`` as the golden file holds it: ``{"accounts": [...], "problems": [...]}``."""
    return {
        "accounts": [golden_entry(d) for d in result.drafts],
        "problems": [{"entry": p.entry, "reason": p.reason} for p in result.problems],
    }


def golden_differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """One line per differing field: ``account 2 (ACME: bob): digits: expected 8, got 6``."""
    lines: list[str] = []
    for section in ("accounts", "problems"):
        want, got = expected.get(section, []), actual[section]
        for index, (a, b) in enumerate(zip(want, got, strict=False), start=1):
            label = f"{section[:-1]} {index} ({_who(a)})"
            for key in dict.fromkeys([*a, *b]):
                if a.get(key) != b.get(key):
                    lines.append(f"{label}: {key}: expected {a.get(key)!r}, got {b.get(key)!r}")
        if len(want) != len(got):
            lines.append(f"{section}: expected {len(want)}, got {len(got)}")
            lines += [
                f"{section[:-1]} {i}: unexpected {extra}" for i, extra in enumerate(got[len(want) :], len(want) + 1)
            ]
            lines += [f"{section[:-1]} {i}: missing {gone}" for i, gone in enumerate(want[len(got) :], len(got) + 1)]
    return lines


def _who(entry: dict[str, Any]) -> str:
    return str(entry["entry"]) if "entry" in entry else f"{entry.get('issuer', '')}: {entry.get('name', '')}"


def check_golden(result: ImportResult, path: Path) -> None:
    """Fail unless ``result`` matches the golden file ``path`` field by field; with
    ``TUIAUTH_UPDATE_GOLDEN=1`` in the environment, write ``path`` from ``result`` instead."""
    actual = golden_document(result)
    if os.environ.get(UPDATE_GOLDEN) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(orjson.dumps(actual, option=orjson.OPT_INDENT_2) + b"\n")
        return
    assert path.exists(), f"no golden file {path}: run the test with {UPDATE_GOLDEN}=1 to write it"
    differences = golden_differences(orjson.loads(path.read_bytes()), actual)
    assert not differences, f"{path.name} differs ({UPDATE_GOLDEN}=1 rewrites it):\n" + "\n".join(differences)
