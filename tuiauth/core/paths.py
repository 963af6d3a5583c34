"""Where tuiauth keeps its files: platformdirs folders, or one folder given by TUIAUTH_HOME / --home."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP = "tuiauth"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def vault_file(self) -> Path:
        return self.data_dir / "vault.tuiauth"

    @property
    def plugin_failures_file(self) -> Path:
        """Each plugin's last failure while running (``tuiauth/core/plugin_failures.py``)."""
        return self.data_dir / "plugin-failures.json"

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None, *, environ: Mapping[str, str] | None = None) -> Paths:
        """``home`` (the --home option) wins, then TUIAUTH_HOME, then the platform folders.

        ``environ`` is where TUIAUTH_HOME is looked up (``os.environ`` when None; tests pass ``{}``)."""
        chosen = home or (os.environ if environ is None else environ).get("TUIAUTH_HOME")
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(config_dir=root, data_dir=root)
        import platformdirs  # only without a home folder (a script's TUIAUTH_HOME skips it)

        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP)),
            data_dir=Path(platformdirs.user_data_dir(APP)),
        )

    def ensure(self) -> None:
        """Create the folders with mode 0700 (and tighten them if they exist)."""
        for folder in {self.config_dir, self.data_dir}:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
