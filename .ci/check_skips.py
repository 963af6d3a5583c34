"""Counts the tests a run skipped and fails on any that the allow-list does not name.

Usage: ``python .ci/check_skips.py SKIP_LOG ALLOW_LIST``. SKIP_LOG holds one ``node id<TAB>reason``
line per skipped test (the root ``conftest.py`` writes it when ``TUIAUTH_SKIP_LOG`` is set); each
non-comment line of ALLOW_LIST is a node id pattern (``fnmatch``: ``*`` matches anything).
"""

from __future__ import annotations

import sys
from fnmatch import fnmatchcase
from pathlib import Path


def main(skip_log: str, allow_list: str) -> int:
    skipped = [line.split("\t", 1) for line in Path(skip_log).read_text("utf-8").splitlines() if line]
    patterns = [
        line.strip()
        for line in Path(allow_list).read_text("utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    allowed = [(node, why) for node, why in skipped if any(fnmatchcase(node, p) for p in patterns)]
    refused = [(node, why) for node, why in skipped if not any(fnmatchcase(node, p) for p in patterns)]
    print(f"{len(skipped)} skipped: {len(allowed)} on {allow_list}, {len(refused)} not allowed")
    for node, why in refused:
        print(f"NOT ALLOWED: {node}: {why}")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
