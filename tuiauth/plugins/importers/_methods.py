"""The built-in methods the importers read Key URIs with, built once per process.

``builtin_methods()`` imports and collects the method modules on every call (about half a
millisecond); an importer parsing one URI per entry called it per entry, which made a 10,000-line
file take seconds. The specs are frozen, so one shared read-only mapping serves every parse.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from tuiauth import MethodSpec

from ..methods import builtin_methods


@functools.cache
def key_uri_methods() -> Mapping[str, MethodSpec]:
    return MappingProxyType(builtin_methods())
