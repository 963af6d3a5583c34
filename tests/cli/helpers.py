"""Helpers for driving the command line as a real process."""

from __future__ import annotations

import os
import subprocess

from tuiauth.testing import require_script

PASSWORD = "correct horse battery staple"


def tuiauth_command() -> str:
    """The ``tuiauth`` command of the environment running the tests (``missing`` when it is absent)."""
    return require_script("tuiauth", "pip install -e .")


def run_process(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``tuiauth`` command as its own process."""
    return subprocess.run(
        [tuiauth_command(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )
