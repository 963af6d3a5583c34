"""Test helpers for tuiauth and its plugins: the backend contract suite, real-server and fault tools.

``BackendContract`` is the suite every storage backend must pass (see ``tuiauth.testing.contract``);
``ServerProcess``/``free_port`` start a real server on 127.0.0.1 and stop it by PID; ``FaultProxy``
puts resets, stalls, truncated replies and error replies (5xx bursts, a gateway's ``html_page``)
between a backend and that server.
Fixtures for a conftest: ``pytest_plugins = ["tuiauth.testing.plugin"]`` (``fault_proxy``,
``start_server``). Importing this module needs pytest; the app itself never imports it.
"""

from .contract import BackendContract, MakeBackend, object_name
from .faultproxy import FaultProxy, html_page
from .servers import LOOPBACK, ServerProcess, free_port, port_answers, require_binary

__all__ = [
    "LOOPBACK",
    "BackendContract",
    "FaultProxy",
    "MakeBackend",
    "ServerProcess",
    "free_port",
    "html_page",
    "object_name",
    "port_answers",
    "require_binary",
]
