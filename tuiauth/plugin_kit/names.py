"""Rules every storage backend applies to object names and sizes (names are opaque to backends).

The backup engine names objects ``gen-<20 digits>-<sha256 prefix>``; backends accept any name that
matches ``NAME_PATTERN`` so a name can never climb out of its folder, bucket prefix or URL path.
"""

from __future__ import annotations

import re

from ..core.errors import BackendError

__all__ = [
    "MAX_OBJECT_BYTES",
    "NAME_PATTERN",
    "TEMP_PREFIX",
    "check_name",
    "is_object_name",
]


NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
#: Prefix of the temporary names a backend writes before committing; ``list()`` never shows them.
TEMP_PREFIX = ".tuiauth-tmp-"
#: The largest object a backend reads back (a backup of 10,000 accounts is a few MiB).
MAX_OBJECT_BYTES = 256 * 1024 * 1024


def check_name(name: str) -> str:
    """``name`` if it is a valid object name, else a ``BackendError`` (a programming error upstream)."""
    if not NAME_PATTERN.fullmatch(name):
        raise BackendError(f"invalid backup object name {name[:40]!r}")
    return name


def is_object_name(name: str) -> bool:
    """Whether a listed entry is one of ours (temporary and foreign names are hidden from ``list``)."""
    return NAME_PATTERN.fullmatch(name) is not None
