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


HAND_WRITTEN = """\
# My tuiauth settings.
theme = "nord"   # dark, for the evening

# Codes hidden while I share my screen at work.
hide_codes = true

[keymap]
# vim-like
copy = "enter,y"
"""


def test_a_save_keeps_the_persons_comments_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)
    config = Config.load(path)
    config.theme = "gruvbox"
    config.auto_lock_minutes = 15
    config.save(path)
    text = path.read_text()
    assert text == HAND_WRITTEN.replace('theme = "nord"', 'theme = "gruvbox"').replace(
        "hide_codes = true\n", "hide_codes = true\nauto_lock_minutes = 15\n"
    )
    assert Config.load(path) == config


def test_a_save_of_defaults_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)
    Config.load(path).save(path)
    assert path.read_text() == HAND_WRITTEN


def test_a_file_that_is_not_toml_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n# half-edited by hand\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Config(theme="nord").save(path)
    assert path.read_text() == "theme = \n# half-edited by hand\n"


def test_a_failed_save_leaves_the_file_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        Config(theme="gruvbox").save(path)
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]
    assert path.read_text() == HAND_WRITTEN
