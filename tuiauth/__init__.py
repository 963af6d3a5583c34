"""tuiauth — a two-factor authenticator for the terminal.

The public API for plugin authors: the ``hookimpl`` marker, the descriptor types and the errors.
"""

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
