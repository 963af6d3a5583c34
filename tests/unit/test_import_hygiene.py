"""tuiauth/core/, the plugin kit and tuiauth/plugins/ never import Textual, and the scripting commands never load it."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import tuiauth

ROOT = Path(tuiauth.__file__).parent
UI_FREE = ("core", "plugin_kit", "plugins")


def ui_free_modules() -> list[str]:
    names = []
    for part in UI_FREE:
        package = f"tuiauth.{part}"
        names.append(package)
        for info in pkgutil.walk_packages([str(ROOT / part)], prefix=f"{package}."):
            names.append(info.name)
    return names


def test_no_textual_import_statement_in_core_or_plugins() -> None:
    offenders = []
    for part in UI_FREE:
        for path in (ROOT / part).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules = [node.module or ""]
                else:
                    continue
                if any(m == "textual" or m.startswith("textual.") for m in modules):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_importing_every_core_and_plugin_module_leaves_textual_unloaded() -> None:
    modules = ui_free_modules()
    assert len(modules) > 20
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_scripting_commands_do_not_load_textual(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from tuiauth.cli import main\n"
        "pw = ['--password-file', sys.argv[1]]\n"
        "for argv in (['list', *pw], ['plugins', '--json'], ['code', 'x', *pw]):\n"
        "    main(argv)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    password = tmp_path / "pw"
    password.write_text("pw\n")
    result = subprocess.run([sys.executable, "-c", script, str(password)], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
