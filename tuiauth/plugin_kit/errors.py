"""The typed errors a plugin raises (and catches).

Every message is one line a person can act on and never contains a secret. Which error each hook
should raise is documented with the hook in ``tuiauth/hookspecs.py``.
"""

from ..core.errors import (
    AccountError,
    BackendAuthError,
    BackendError,
    BackendExistsError,
    BackendNetworkError,
    BackendNotFoundError,
    BackendPermissionError,
    BackendServerError,
    ExportError,
    ImportFormatError,
    ImportParametersError,
    ImportPasswordError,
    PluginError,
    SecretError,
    TuiauthError,
    UnsafeParametersError,
    UriError,
)

__all__ = [
    "AccountError",
    "BackendAuthError",
    "BackendError",
    "BackendExistsError",
    "BackendNetworkError",
    "BackendNotFoundError",
    "BackendPermissionError",
    "BackendServerError",
    "ExportError",
    "ImportFormatError",
    "ImportParametersError",
    "ImportPasswordError",
    "PluginError",
    "SecretError",
    "TuiauthError",
    "UnsafeParametersError",
    "UriError",
]
