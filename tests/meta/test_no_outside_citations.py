"""Docstrings, comments and docs stand on their own: they cite files of this repository, never a
document a reader of the repository does not have (the founders' product and design notes, the
format notes, requirement numbers such as "R4" or "T2" from them, issue numbers)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(
    r"\bPRODUCT\b|\bDESIGN\b|\bFORMATS\b|\bissue #?\d+|§"
    # a requirement number: R1…R6, T1…T6, B1…B6, alone or in ranges such as "T1–T6" or "T2/T3"
    r"|(?<![\w./-])[RTB][1-6](?![\w-])"
)


def pages() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "conftest.py", *sorted((ROOT / "docs").rglob("*.md"))]
    for folder in ("tuiauth", "plugins-contrib", "tests", "benchmarks", "scripts", ".ci"):
        for path in sorted((ROOT / folder).rglob("*")):
            parts = path.relative_to(ROOT).parts
            generated = {"build", "__pycache__"} & set(parts) or any(part.endswith(".egg-info") for part in parts)
            if path.suffix in (".py", ".md", ".toml", ".sh") and not generated and path != Path(__file__).resolve():
                found.append(path)
    return found


def test_there_are_pages_to_read() -> None:
    assert len(pages()) > 100


def test_no_citation_of_a_document_outside_the_repository() -> None:
    cited = []
    for path in pages():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if OUTSIDE.search(line):
                cited.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert cited == []
