"""The user's settings, in TOML (tomllib to read, tomlkit to write). Never holds a secret.

Backend credentials and everything else secret live inside the encrypted vault; this file holds only
preferences. An unknown key or a value of the wrong type is reported as a ConfigError naming the key,
never silently ignored. The file is the person's: a save changes only the settings whose value
changed and keeps their comments, order and layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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
    #: Minutes without a request before ``tuiauth agent`` locks (forgets the key); 0 = never.
    agent_idle_minutes: int = 15
    #: Hours after which ``tuiauth agent`` locks and exits, used or not; 0 = never.
    agent_lifetime_hours: int = 12
    #: Let the app track the mouse; off, the terminal selects text with a plain drag (no Shift).
    mouse: bool = True
    #: Codes change at their period with no per-second countdown (the slowest links, or no motion).
    reduced_motion: bool = False
    #: Binding id -> keys (comma-separated Textual key names), e.g. {"copy" = "enter,c"}.
    keymap: dict[str, str] = field(default_factory=dict)
    #: Plugin names to load exclusively (empty = all) and to never load.
    plugins_allow: list[str] = field(default_factory=list)
    plugins_block: list[str] = field(default_factory=list)
    #: Seconds a plugin's storage, import or export call may take before tuiauth gives up on it and
    #: names the plugin; 0 = wait for ever.
    plugin_timeout_seconds: int = 120
    #: This machine's name, written into vault and backup headers.
    device_name: str = ""

    @classmethod
    def load(cls, path: Path) -> Config:
        """The config at ``path``, or the defaults when the file does not exist."""
        text = _read(path)
        if text is None:
            return cls()
        import tomllib  # only when there is a file: `tuiauth code` without a config skips it

        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from None
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
        """Write the settings into ``path``: a setting whose value changed is rewritten, a setting
        still at its default is not added, and everything else in the file (comments, order, blank
        lines) stays as it was. Written atomically, mode 0600 (``vaultfile.write_atomic``)."""
        import tomlkit
        import tomlkit.exceptions

        from .vaultfile import write_atomic

        text = _read(path)
        try:
            document = tomlkit.parse(text or "")
        except tomlkit.exceptions.ParseError:
            raise ConfigError(f"{path} is not valid TOML: fix it or remove it, it was not changed") from None
        defaults = Config()
        for setting in fields(self):
            value = getattr(self, setting.name)
            if setting.name in document:
                if document.unwrap()[setting.name] != value:
                    document[setting.name] = value
            elif value != getattr(defaults, setting.name):
                document[setting.name] = value
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, tomlkit.dumps(document).encode("utf-8"))


def _read(path: Path) -> str | None:
    """The text of the config file, or None when there is none."""
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path} is larger than 1 MiB; is it really the tuiauth config?")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not valid TOML: it is not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
