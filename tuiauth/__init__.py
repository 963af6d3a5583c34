"""tuiauth — a two-factor authenticator for the terminal.

The public API for plugin authors: the ``hookimpl`` marker, the descriptor types and the errors.
The names load on first use (``__getattr__``): ``import tuiauth`` alone imports nothing else, so that
``tuiauth code`` through the agent starts fast (``tuiauth.agent.fastpath``). To add a public name,
add it to ``_HOMES`` (the module that defines it), to ``__all__`` and to the imports for type checkers.
"""

from __future__ import annotations

import importlib

#: ``typing`` stays unimported on the fast path; type checkers take this name as true.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from .core.accounts import Account, AccountDraft
    from .core.errors import (
        AccountError,
        BackendAuthError,
        BackendError,
        BackendExistsError,
        BackendNetworkError,
        BackendNotFoundError,
        BackendPermissionError,
        BackendServerError,
        ImportFormatError,
        ImportPasswordError,
        PluginError,
        TuiauthError,
    )
    from .core.specs import (
        Backend,
        BackendSpec,
        ExporterSpec,
        FormField,
        ImporterSpec,
        ImportProblem,
        ImportResult,
        MethodSpec,
        ReverifyDone,
        ReverifyFlow,
        ReverifyStep,
    )
    from .hookspecs import HOOK_API_VERSION, hookimpl

__version__ = "0.1.0"

#: Public name -> the module (relative to this package) that defines it.
_HOMES = {
    "Account": ".core.accounts",
    "AccountDraft": ".core.accounts",
    "AccountError": ".core.errors",
    "BackendAuthError": ".core.errors",
    "BackendError": ".core.errors",
    "BackendExistsError": ".core.errors",
    "BackendNetworkError": ".core.errors",
    "BackendNotFoundError": ".core.errors",
    "BackendPermissionError": ".core.errors",
    "BackendServerError": ".core.errors",
    "ImportFormatError": ".core.errors",
    "ImportPasswordError": ".core.errors",
    "PluginError": ".core.errors",
    "TuiauthError": ".core.errors",
    "Backend": ".core.specs",
    "BackendSpec": ".core.specs",
    "ExporterSpec": ".core.specs",
    "FormField": ".core.specs",
    "ImporterSpec": ".core.specs",
    "ImportProblem": ".core.specs",
    "ImportResult": ".core.specs",
    "MethodSpec": ".core.specs",
    "ReverifyDone": ".core.specs",
    "ReverifyFlow": ".core.specs",
    "ReverifyStep": ".core.specs",
    "HOOK_API_VERSION": ".hookspecs",
    "hookimpl": ".hookspecs",
}

__all__ = [
    "HOOK_API_VERSION",
    "Account",
    "AccountDraft",
    "AccountError",
    "Backend",
    "BackendAuthError",
    "BackendError",
    "BackendExistsError",
    "BackendNetworkError",
    "BackendNotFoundError",
    "BackendPermissionError",
    "BackendServerError",
    "BackendSpec",
    "ExporterSpec",
    "FormField",
    "ImportFormatError",
    "ImportPasswordError",
    "ImportProblem",
    "ImportResult",
    "ImporterSpec",
    "MethodSpec",
    "PluginError",
    "ReverifyDone",
    "ReverifyFlow",
    "ReverifyStep",
    "TuiauthError",
    "__version__",
    "hookimpl",
]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name], __name__), name)
    globals()[name] = value  # found once: later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
