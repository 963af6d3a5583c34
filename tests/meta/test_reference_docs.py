"""Every setting is in docs/config.md and every command in the README's command table."""

from __future__ import annotations

import argparse
import dataclasses
import re
from pathlib import Path

import pytest

from tuiauth.cli import build_parser
from tuiauth.core.config import Config

ROOT = Path(__file__).resolve().parents[2]


def test_every_config_field_is_in_docs_config_md() -> None:
    rows = set(re.findall(r"^\| `(\w+)` \|", (ROOT / "docs" / "config.md").read_text(encoding="utf-8"), re.MULTILINE))
    assert [f.name for f in dataclasses.fields(Config) if f.name not in rows] == []


def commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand, as the words typed after ``tuiauth``."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((*prefix, name))
                found.extend(commands(sub, (*prefix, name)))
    return found


def command_table() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [row.replace("\\|", "|") for row in re.findall(r"^\| `tuiauth ([^`]*)` \|", readme, re.MULTILINE)]


def test_the_readme_has_a_command_table() -> None:
    assert len(command_table()) >= 10
    assert ("backup", "now") in commands(build_parser())


@pytest.mark.parametrize("words", commands(build_parser()), ids=" ".join)
def test_every_command_is_in_the_readme_command_table(words: tuple[str, ...]) -> None:
    """A row starts with the command's words; a subcommand may be one of alternatives written after
    its parent (``backup status|now [--force]|signin``)."""
    *parents, last = words
    for row in command_table():
        typed = row.split()
        if typed[: len(parents)] != parents or len(typed) == len(parents):
            continue
        rest = typed[len(parents) :] if parents else typed[:1]
        if last in {piece for token in rest for piece in token.split("|")}:
            return
    raise AssertionError(f"`tuiauth {' '.join(words)}` is not in the README's command table")
