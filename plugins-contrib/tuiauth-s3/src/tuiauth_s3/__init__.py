"""tuiauth-s3: an S3-compatible storage backend for tuiauth backups, installed as a plugin.

``S3Backend`` and ``Credentials`` load on first use: the entry point (``tuiauth_s3.plugin``) is
imported by every ``tuiauth`` command, and only a backup needs the HTTP and XML machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .backend import S3Backend
    from .sigv4 import Credentials

__all__ = ["Credentials", "S3Backend"]


def __getattr__(name: str) -> Any:
    if name == "S3Backend":
        from .backend import S3Backend

        return S3Backend
    if name == "Credentials":
        from .sigv4 import Credentials

        return Credentials
    raise AttributeError(name)
