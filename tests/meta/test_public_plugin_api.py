"""The contrib plugins, like the built-in ones (an import-linter contract in pyproject.toml), import
only the public plugin API: ``tuiauth``, ``tuiauth.hookspecs``, ``tuiauth.plugin_kit.*`` — and, in
their tests, ``tuiauth.testing``. And each contrib package pins a core range this tuiauth is in."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import tuiauth

ROOT = Path(__file__).resolve().parents[2]
CONTRIB = sorted(p for p in (ROOT / "plugins-contrib").iterdir() if (p / "pyproject.toml").exists())
PACKAGES = ("tuiauth.hookspecs", "tuiauth.plugin_kit")


def tuiauth_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return [m for m in found if m == "tuiauth" or m.startswith("tuiauth.")]


def allowed(module: str, *, in_tests: bool) -> bool:
    """``tuiauth`` itself (not its subpackages), or one of the public modules and what is under them."""
    packages = (*PACKAGES, "tuiauth.testing") if in_tests else PACKAGES
    return module == "tuiauth" or any(module == p or module.startswith(f"{p}.") for p in packages)


@pytest.mark.parametrize("package", CONTRIB, ids=lambda p: p.name)
def test_contrib_imports_only_the_public_api(package: Path) -> None:
    offenders = []
    for path in package.rglob("*.py"):
        in_tests = "tests" in path.relative_to(package).parts
        offenders += [
            f"{path.relative_to(package)}: {m}" for m in tuiauth_imports(path) if not allowed(m, in_tests=in_tests)
        ]
    assert offenders == []


@pytest.mark.parametrize("package", CONTRIB, ids=lambda p: p.name)
def test_contrib_pins_a_core_range_that_holds_this_version(package: Path) -> None:
    project = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = [Requirement(r) for r in project["dependencies"] if Requirement(r).name == "tuiauth"]
    assert len(core) == 1
    specifier = core[0].specifier
    assert tuiauth.__version__ in specifier
    assert any(s.operator == "<" for s in specifier), f"{core[0]} has no upper bound"
