"""Every example secret in the README and docs/ has at least 128 bits: pyotp refuses shorter ones,
so a reader copying an example must not meet an error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SECRET = re.compile(r"(?:secret=|--secret |SECRET = \")([A-Z2-7]{8,})")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_example_secrets_have_at_least_128_bits(page: Path) -> None:
    short = [s for s in SECRET.findall(page.read_text(encoding="utf-8")) if len(s.rstrip("=")) * 5 < 128]
    assert short == []


def test_the_pages_do_have_example_secrets() -> None:
    assert sum(len(SECRET.findall(p.read_text(encoding="utf-8"))) for p in PAGES) >= 2
