"""The last failure of each plugin while tuiauth ran, kept so ``tuiauth plugins`` can name it later.

A plugin that fails in the app or in another command (``tuiauth/core/plugincall.py`` made the failure
a ``PluginError``) is recorded here: its name, the one-line message (the plugin, the callable and the
exception's type — never the exception's text) and when. The file is small JSON beside the vault,
written atomically with mode 0600; a damaged or missing file reads as no failures.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Plugins remembered at most (the oldest failures are forgotten first).
MAX_PLUGINS = 100
MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class Failure:
    message: str
    at: float


class FailureLog:
    def __init__(self, path: Path, clock: Callable[[], float]) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        #: What this process recorded last per plugin: a plugin failing the same way again (a method
        #: at every period) is not written again.
        self._written: dict[str, str] = {}

    def read(self) -> dict[str, Failure]:
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                return {}
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        found: dict[str, Failure] = {}
        for plugin, entry in raw.items():
            if isinstance(entry, dict) and isinstance(entry.get("message"), str):
                at = entry.get("at")
                found[str(plugin)] = Failure(entry["message"], float(at) if isinstance(at, int | float) else 0.0)
        return found

    def record(self, plugin: str, message: str) -> None:
        """Remember ``message`` as ``plugin``'s last failure; a failure to write is not one more."""
        with self._lock:
            if self._written.get(plugin) == message:
                return
            self._written[plugin] = message
            failures = self.read()
            failures.pop(plugin, None)
            failures[plugin] = Failure(message, self._clock())
            kept = sorted(failures.items(), key=lambda item: item[1].at)[-MAX_PLUGINS:]
            data = json.dumps({name: {"message": f.message, "at": f.at} for name, f in kept}, indent=1)
            tmp = self.path.with_name(f".{self.path.name}.tmp")
            try:
                self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(data)
                os.replace(tmp, self.path)
            except OSError:
                return
