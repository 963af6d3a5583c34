"""The state the app and the CLI share, passed to ``make_app()``: folders, config, plugins, vault."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from os import PathLike
from typing import TYPE_CHECKING

from .config import Config
from .crypto import KdfParams
from .paths import Paths

if TYPE_CHECKING:
    from ..pluginmanager import PluginManager
    from .vault import Vault


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
    ) -> Services:
        from ..pluginmanager import PluginManager

        paths = Paths.resolve(home)
        config = Config.load(paths.config_file)
        plugins = PluginManager(entrypoints=entrypoints, allow=config.plugins_allow, block=config.plugins_block)
        return cls(paths=paths, config=config, plugins=plugins, kdf=kdf, clock=clock)

    def close(self) -> None:
        if self.vault is not None:
            self.vault.close()
            self.vault = None
