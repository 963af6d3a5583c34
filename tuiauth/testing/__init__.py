"""Test helpers for tuiauth and its plugins: the app-testing kit, the backend contract suite, real-server
and fault tools.

``tuiauth.testing.app`` drives the real app headless with Pilot (a pytest plugin: its fixtures need
no conftest; see docs/app-testing.md). ``BackendContract`` is the suite every storage backend must
pass (see ``tuiauth.testing.contract``); ``ServerProcess``/``free_port`` start a real server on
127.0.0.1 and stop it by PID; ``installed_plugins()`` loads the installed plugins as the app does (to test that yours is
discovered through its entry point). ``FaultProxy`` puts resets, stalls, truncated replies and error
replies (5xx bursts, a gateway's ``html_page``) between a backend and that server, ``TcpFaultProxy``
the first three for any TCP protocol; ``HttpBackendFaults``/``BackendFaults`` are the suite of those
faults every backend runs (``tuiauth.testing.faults``).
``check_method`` checks a ``MethodSpec`` against test vectors and the device-bound rules
(``tuiauth.testing.methods``); ``check_golden`` compares an importer's result with a golden JSON file
field by field (``tuiauth.testing.golden``; fuzzing in ``tuiauth.testing.importers``).
``missing``/``require_*`` stop a test whose program, module or file is absent: a failure under CI
(``CI=true``), a skip naming it and how to install it elsewhere.
Fixtures for a conftest: ``pytest_plugins = ["tuiauth.testing.plugin"]`` (``fault_proxy``,
``start_server``). The names below load on first use: pytest imports
``tuiauth.testing.app`` in every run where tuiauth is installed, and that must stay cheap. Importing
these helpers needs pytest; the app itself never imports them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .contract import BackendContract, MakeBackend, PlantStaleTemporary, PutForeignFile, object_name
    from .discovery import installed_plugins
    from .faultproxy import FaultProxy, TcpFaultProxy, html_page
    from .faults import BackendFaults, HttpBackendFaults, MakeBackendVia
    from .golden import check_golden
    from .methods import check_method
    from .requirements import missing, require_binary, require_file, require_module, require_script, under_ci
    from .servers import LOOPBACK, ServerProcess, free_port, port_answers

_HOMES = {
    "BackendContract": "contract",
    "MakeBackend": "contract",
    "object_name": "contract",
    "PlantStaleTemporary": "contract",
    "PutForeignFile": "contract",
    "installed_plugins": "discovery",
    "check_golden": "golden",
    "check_method": "methods",
    "FaultProxy": "faultproxy",
    "TcpFaultProxy": "faultproxy",
    "html_page": "faultproxy",
    "BackendFaults": "faults",
    "HttpBackendFaults": "faults",
    "MakeBackendVia": "faults",
    "LOOPBACK": "servers",
    "ServerProcess": "servers",
    "free_port": "servers",
    "port_answers": "servers",
    "missing": "requirements",
    "require_binary": "requirements",
    "require_file": "requirements",
    "require_module": "requirements",
    "require_script": "requirements",
    "under_ci": "requirements",
}

__all__ = [
    "LOOPBACK",
    "BackendContract",
    "BackendFaults",
    "FaultProxy",
    "HttpBackendFaults",
    "MakeBackend",
    "MakeBackendVia",
    "PlantStaleTemporary",
    "PutForeignFile",
    "ServerProcess",
    "TcpFaultProxy",
    "check_golden",
    "check_method",
    "free_port",
    "html_page",
    "installed_plugins",
    "missing",
    "object_name",
    "port_answers",
    "require_binary",
    "require_file",
    "require_module",
    "require_script",
    "under_ci",
]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
