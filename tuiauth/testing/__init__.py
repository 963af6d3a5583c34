"""Test helpers for tuiauth and its plugins: the backend contract suite, real-server and fault tools.

``BackendContract`` is the suite every storage backend must pass (see ``tuiauth.testing.contract``);
``ServerProcess``/``free_port`` start a real server on 127.0.0.1 and stop it by PID; ``FaultProxy``
puts resets, stalls, truncated replies and 5xx bursts between a backend and that server.
``missing``/``require_*`` stop a test whose program, module or file is absent: a failure under CI
(``CI=true``), a skip naming it and how to install it elsewhere.
Fixtures for a conftest: ``pytest_plugins = ["tuiauth.testing.plugin"]`` (``fault_proxy``,
``start_server``). Importing this module needs pytest; the app itself never imports it.
"""

from .contract import BackendContract, MakeBackend, object_name
from .faultproxy import FaultProxy
from .requirements import missing, require_binary, require_file, require_module, require_script, under_ci
from .servers import LOOPBACK, ServerProcess, free_port, port_answers

__all__ = [
    "LOOPBACK",
    "BackendContract",
    "FaultProxy",
    "MakeBackend",
    "ServerProcess",
    "free_port",
    "missing",
    "object_name",
    "port_answers",
    "require_binary",
    "require_file",
    "require_module",
    "require_script",
    "under_ci",
]
