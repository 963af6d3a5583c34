"""What a test needs from outside the project (a program, a server, a module, data) and what happens
when it is missing.

Under CI (the ``CI`` environment variable is ``true``, as ``.ci/run`` sets it) a missing requirement
fails the test with its name and the command that installs it: there, a missing tool is a broken install
step, not a reason to test less. On a developer's machine the test is skipped with the same words, so
the skip list says what is missing and how to get it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from typing import NoReturn

import pytest


def under_ci() -> bool:
    """True when the tests run under CI (``CI=true``, ``1`` or ``yes``)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def missing(what: str, how: str) -> NoReturn:
    """Stop the test because ``what`` is missing; ``how`` says how to get it.

    Fails under CI, skips elsewhere."""
    message = f"{what} is missing: {how}"
    if under_ci():
        pytest.fail(f"{message} (CI=true: nothing a test needs may be missing)", pytrace=False)
    pytest.skip(message)


def require_binary(name: str, hint: str) -> str:
    """The path of the program ``name`` (also looked for in /usr/sbin and /sbin); ``missing`` otherwise."""
    path = shutil.which(name) or next(
        (str(Path(d) / name) for d in ("/usr/sbin", "/sbin") if (Path(d) / name).is_file()), None
    )
    if path is None:
        missing(f"the program {name}", hint)
    return path


def require_script(name: str, hint: str) -> str:
    """The console script ``name`` of the Python running the tests (beside ``sys.executable``, so a
    virtual environment's command is found without activating it), else from PATH; ``missing`` otherwise."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    return require_binary(name, hint)


def require_file(path: Path, what: str, hint: str) -> Path:
    """``path`` when it is a file (a server's module, a data file); ``missing`` otherwise."""
    if not path.is_file():
        missing(f"{what} ({path})", hint)
    return path


def require_module(name: str, hint: str) -> None:
    """Nothing when the Python module ``name`` can be imported; ``missing`` otherwise."""
    if importlib.util.find_spec(name) is None:
        missing(f"the Python module {name}", hint)
