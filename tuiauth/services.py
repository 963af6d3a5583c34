"""The state the app and the CLI share, passed to ``make_app()``: folders, config, plugins, vault.

It sits above ``tuiauth.core`` (it holds the plugin manager and the clipboard, which core never imports).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from typing import TYPE_CHECKING

from .core.config import Config
from .core.crypto import KdfParams
from .core.paths import Paths
from .core.plugin_failures import FailureLog

if TYPE_CHECKING:
    from .clipboard import Clipboard
    from .core.vault import Vault
    from .pluginmanager import PluginManager


@dataclass
class Services:
    paths: Paths
    config: Config
    plugins: PluginManager
    #: None = production parameters, calibrated; only tests and benchmarks pass ``TEST_KDF``.
    kdf: KdfParams | None = None
    #: The time source for codes, countdowns and idle timers (tests pass a fake clock).
    clock: Callable[[], float] = time.time
    #: The timer of the key-derivation speed probe (tests pass a fake one to fix the estimate shown).
    kdf_clock: Callable[[], float] = time.perf_counter
    #: Where codes are copied to (tests pass a fake clipboard); the system one by default.
    clipboard: Clipboard = field(default_factory=lambda: _system_clipboard())
    #: The unlocked vault, once there is one.
    vault: Vault | None = None

    @classmethod
    def create(
        cls,
        home: str | PathLike[str] | None = None,
        *,
        entrypoints: bool = True,
        kdf: KdfParams | None = None,
        clock: Callable[[], float] = time.time,
        clipboard: Clipboard | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Services:
        """Services over ``home``; ``environ`` is where TUIAUTH_HOME and the plugin variables are read
        (``os.environ`` when None — the CLI; ``{}`` from ``tuiauth.testing.app``)."""
        from .pluginmanager import PluginManager

        paths = Paths.resolve(home, environ=environ)
        config = Config.load(paths.config_file)
        plugins = PluginManager(
            entrypoints=entrypoints,
            allow=config.plugins_allow,
            block=config.plugins_block,
            environ=environ,
            call_timeout=lambda: config.plugin_timeout_seconds,
            failure_log=FailureLog(paths.plugin_failures_file, clock),
        )
        return cls(
            paths=paths,
            config=config,
            plugins=plugins,
            kdf=kdf,
            clock=clock,
            clipboard=clipboard or _system_clipboard(),
        )

    def close(self) -> None:
        if self.vault is not None:
            self.vault.close()
            self.vault = None


def _system_clipboard() -> Clipboard:
    from .clipboard import SystemClipboard

    return SystemClipboard()
