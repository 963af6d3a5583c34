"""Storage backends: where sealed backup objects are kept. They see opaque names and ciphertext only.

The rules a backend follows (atomic, create-only writes; the errors to raise; threading) are in
``tuiauth/hookspecs.py`` under ``tuiauth_backends``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from .forms import FormField


class Backend(Protocol):
    """A signed-in location, built by ``BackendSpec.factory`` for one job and closed at its end.

    Every method raises a ``BackendError`` subclass on failure. Calls never overlap, but may come
    from different worker threads one after another.

    Optional, not part of the protocol's checked members: ``server_time: float | None``, the unix time
    of the server's ``Date`` header in the last reply, for the clock-skew warning
    (tuiauth/core/backup/clock.py).
    """

    def list(self) -> list[str]:
        """Names of the objects stored there (``is_object_name`` ones only: never a temporary name)."""
        ...

    def read(self, name: str) -> bytes:
        """The object's bytes, exactly as created; ``BackendNotFoundError`` when it does not exist."""
        ...

    def create(self, name: str, data: bytes) -> None:
        """Store a new object atomically; ``BackendExistsError`` if the name is taken (never overwrite)."""
        ...

    def delete(self, name: str) -> None:
        """Remove an object; ``BackendNotFoundError`` when it does not exist."""
        ...

    def close(self) -> None:
        """Release connections; called once, also after a failure."""
        ...


@dataclass(frozen=True, kw_only=True)
class BackendSpec:
    """A storage backend, returned by the ``tuiauth_backends`` hook.

    The core shows ``fields`` as a sign-in form (in the app and as ``--set name=value`` on the
    command line), keeps the values (secret ones inside the encrypted vault only) and calls
    ``factory`` with them, in a worker thread, each time it backs up or restores.
    """

    name: str
    label: str
    #: The sign-in form. Values of ``secret`` fields are stored only inside the encrypted vault.
    fields: tuple[FormField, ...] = ()
    #: ``factory(settings)``: a signed-in ``Backend`` from the form's values (field name → text).
    factory: Callable[[Mapping[str, str]], Backend]
    #: ``describe(settings)``: a one-line, secret-free description of a configured location
    #: ("WebDAV https://host/dav/"); called on the UI thread, so cheap and without I/O.
    describe: Callable[[Mapping[str, str]], str] = field(default=lambda settings: "")
    description: str = ""
