"""The user's settings, in TOML (tomllib to read, tomli-w to write). Never holds a secret.

Backend credentials and everything else secret live inside the encrypted vault; this file holds only
preferences. An unknown key or a value of the wrong type is reported as a ConfigError naming the key,
never silently ignored.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import TuiauthError

MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(TuiauthError):
    """The config file cannot be read or holds an invalid value."""


@dataclass
class Config:
    #: Textual theme name.
    theme: str = "textual-dark"
    #: Show codes as dots until revealed (screen sharing).
    hide_codes: bool = False
    #: Seconds a revealed code stays visible in hidden-codes mode.
    reveal_seconds: int = 10
    #: Seconds after which a copied code is cleared from the clipboard (if it is still ours); 0 = never.
    clipboard_clear_seconds: int = 30
    #: Minutes without a key press before the vault locks; 0 = never.
    auto_lock_minutes: int = 5
    #: Let the app track the mouse; off, the terminal selects text with a plain drag (no Shift).
    mouse: bool = True
    #: Codes change at their period with no per-second countdown (the slowest links, or no motion).
    reduced_motion: bool = False
    #: Binding id -> keys (comma-separated Textual key names), e.g. {"copy" = "enter,c"}.
    keymap: dict[str, str] = field(default_factory=dict)
    #: Plugin names to load exclusively (empty = all) and to never load.
    plugins_allow: list[str] = field(default_factory=list)
    plugins_block: list[str] = field(default_factory=list)
    #: This machine's name, written into vault and backup headers.
    device_name: str = ""

    @classmethod
    def load(cls, path: Path) -> Config:
        """The config at ``path``, or the defaults when the file does not exist."""
        if not path.exists():
            return cls()
        import tomllib  # only when there is a file: `tuiauth code` without a config skips it

        try:
            if path.stat().st_size > MAX_CONFIG_BYTES:
                raise ConfigError(f"{path} is larger than 1 MiB; is it really the tuiauth config?")
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
        return cls.from_dict(raw, source=str(path))

    @classmethod
    def from_dict(cls, raw: dict[str, Any], source: str = "config") -> Config:
        config = cls()
        known = {f.name: f for f in fields(cls)}
        for key, value in raw.items():
            if key not in known:
                raise ConfigError(f"{source}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
            expected = type(getattr(config, key))
            if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
                raise ConfigError(f"{source}: {key} must be a {expected.__name__}")
            if isinstance(value, int) and not isinstance(value, bool) and value < 0:
                raise ConfigError(f"{source}: {key} cannot be negative")
            if key == "keymap" and not all(isinstance(v, str) for v in value.values()):
                raise ConfigError(f"{source}: keymap values must be strings of key names")
            if key.startswith("plugins_") and not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{source}: {key} must be a list of plugin names")
            setattr(config, key, value)
        return config

    def save(self, path: Path) -> None:
        """Write atomically (temp file, fsync, replace) with mode 0600."""
        import tomli_w

        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        data = tomli_w.dumps(asdict(self)).encode("utf-8")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
