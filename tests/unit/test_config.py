"""The TOML config: defaults, round trip, typed validation, no secrets, 0600."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tuiauth.core.config import Config, ConfigError


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert Config.load(tmp_path / "none.toml") == Config()


def test_round_trip_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    config = Config(theme="nord", hide_codes=True, keymap={"copy": "enter,y"}, plugins_block=["x"])
    config.save(path)
    assert Config.load(path) == config
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 'red'", "unknown setting 'colour'"),
        ("hide_codes = 'yes'", "hide_codes must be a bool"),
        ("auto_lock_minutes = true", "auto_lock_minutes must be a int"),
        ("auto_lock_minutes = -1", "cannot be negative"),
        ("keymap = { copy = 3 }", "keymap values must be strings"),
        ("plugins_block = [1]", "plugins_block must be a list of plugin names"),
        ("theme = ", "not valid TOML"),
    ],
)
def test_invalid_values_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        Config.load(path)


def test_oversized_config_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# " + "x" * (1024 * 1024))
    with pytest.raises(ConfigError, match="larger than 1 MiB"):
        Config.load(path)
