"""Installing the test plugin packages of ``tests/plugin_packages`` the way a user does: with pip,
into a folder of their own that the test then puts on the path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGES = Path(__file__).resolve().parent / "plugin_packages"


def install_packages(target: Path, *names: str) -> Path:
    """Install the packages ``names`` (every one when none is named) into ``target``; returns it."""
    chosen = [PACKAGES / name for name in names] if names else sorted(PACKAGES.iterdir())
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), *(str(p) for p in chosen)],
        check=True, capture_output=True,
    )  # fmt: skip
    return target
