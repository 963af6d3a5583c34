"""The journey of docs/app-testing.md (first run → add by URI → copy, by keys only), run from the page
itself so the documented example and this test cannot drift apart. Its snapshot goes to tmp_path.
.ci/check-app-testing-example.sh runs the same block outside the repository against a wheel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "app-testing.md"
BLOCK = re.compile(r"<!-- app-testing-example: test_first_run.py -->\n```python\n(.*?)\n```", re.DOTALL)

_match = BLOCK.search(DOC.read_text(encoding="utf-8"))
assert _match, "docs/app-testing.md lost its example block"
exec(compile(_match.group(1), str(DOC), "exec"))


@pytest.fixture(autouse=True)
def snapshots_in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(globals(), "SNAPSHOTS", tmp_path / "snapshots")
