"""The misbehaving test plugin (``tests/plugin_packages/tuiauth-faulty``), for in-process tests.

The CLI tests install the package and drive it through the environment; the unit and Pilot tests
load the same module from its file and register a ``Faulty(fault, where)`` object of their own.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent / "plugin_packages" / "tuiauth-faulty"


def _load() -> ModuleType:
    if "tuiauth_faulty" in sys.modules:
        return sys.modules["tuiauth_faulty"]
    spec = importlib.util.spec_from_file_location("tuiauth_faulty", PACKAGE / "tuiauth_faulty.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["tuiauth_faulty"] = module
    spec.loader.exec_module(module)
    return module


faulty = _load()
Faulty = faulty.Faulty
CANARY: str = faulty.CANARY
MAGIC: bytes = faulty.MAGIC
#: The faults that raise, and the name of the exception type each is reported by.
RAISED = {
    "ValueError": "ValueError",
    "SystemExit": "SystemExit",
    "SystemExit0": "SystemExit",
    "BaseException": "Unusual",
}

__all__ = ["CANARY", "MAGIC", "RAISED", "Faulty"]
