"""Every screen, widget id and key id docs/ids.md promises still exists in the app."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual.binding import Binding

import tuiauth

DOC = Path(__file__).resolve().parents[2] / "docs" / "ids.md"
ROW = re.compile(r"^\| `(\w+)`[^|]*\|([^|]*)\|([^|]*)\|$")


def documented() -> list[tuple[str, list[str], list[str]]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if match := ROW.match(line):
            name, widgets, keys = match.groups()
            rows.append((name, re.findall(r"`([^`]+)`", widgets), re.findall(r"`([^`]+)`", keys)))
    return rows


def ui_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    names = ["tuiauth.app"] + [
        f"tuiauth.{part}.{info.name}"
        for part in ("screens", "widgets")
        for info in pkgutil.iter_modules([str(Path(tuiauth.__file__).parent / part)])
    ]
    for name in names:
        module = importlib.import_module(name)
        found.update({n: c for n, c in vars(module).items() if inspect.isclass(c) and c.__module__ == name})
    return found


def string_constants(cls: type) -> set[str]:
    tree = ast.parse(Path(inspect.getfile(cls)).read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_the_page_has_a_version_and_rows() -> None:
    assert re.search(r"\*\*Version \d+\.\*\*", DOC.read_text(encoding="utf-8"))
    assert len(documented()) >= 15


@pytest.mark.parametrize(("name", "widget_ids", "key_ids"), documented(), ids=lambda v: v if isinstance(v, str) else "")
def test_documented_ids_exist(name: str, widget_ids: list[str], key_ids: list[str]) -> None:
    cls = ui_classes().get(name)
    assert cls is not None, f"docs/ids.md names {name}, which the app no longer has"
    bindings = {b.id for b in getattr(cls, "BINDINGS", []) if isinstance(b, Binding)}
    assert set(key_ids) <= bindings, f"{name} lost the key ids {sorted(set(key_ids) - bindings)}"
    constants = string_constants(cls)
    assert set(widget_ids) <= constants, f"{name} lost the widget ids {sorted(set(widget_ids) - constants)}"
