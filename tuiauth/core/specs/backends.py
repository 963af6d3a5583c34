"""Storage backends: where sealed backup objects are kept. They see opaque names and ciphertext only."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from .forms import FormField


class Backend(Protocol):
    """A signed-in location. Every method raises a ``BackendError`` subclass on failure.

    Optional, not part of the protocol's checked members: ``server_time: float | None``, the unix time
    of the server's ``Date`` header in the last reply, for the clock-skew warning
    (tuiauth/core/backup/clock.py).
    """

    def list(self) -> list[str]:
        """Names of the objects stored there."""
        ...

    def read(self, name: str) -> bytes:
        """The object's bytes; ``BackendNotFoundError`` when it does not exist."""
        ...

    def create(self, name: str, data: bytes) -> None:
        """Store a new object; ``BackendExistsError`` if the name is taken (never overwrite)."""
        ...

    def delete(self, name: str) -> None:
        """Remove an object; ``BackendNotFoundError`` when it does not exist."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


@dataclass(frozen=True, kw_only=True)
class BackendSpec:
    name: str
    label: str
    #: The sign-in form. Values of ``secret`` fields are stored only inside the encrypted vault.
    fields: tuple[FormField, ...] = ()
    #: Build a signed-in backend from the form's values.
    factory: Callable[[Mapping[str, str]], Backend]
    #: A one-line, secret-free description of a configured location ("WebDAV https://host/dav/").
    describe: Callable[[Mapping[str, str]], str] = field(default=lambda settings: "")
    description: str = ""
