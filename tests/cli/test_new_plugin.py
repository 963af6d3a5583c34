"""``tuiauth new-plugin``: each kind of package, installed with pip as a user installs it into a
throw-away virtual environment, passes its own tests there and is listed by ``tuiauth plugins``.

The throw-away environment has no pip install of tuiauth of its own: it sees the core of the
environment running these tests (through a ``.pth`` file), and the generated package is installed
into it from its folder with ``--no-deps`` (no editable install). Its tests run from the package's
folder, outside this repository, so nothing of the repository's conftest or ``tests`` reaches them.
"""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tuiauth.commands.new_plugin import KINDS, render

from .helpers import run_process

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "plugins.md"
PUBLIC = re.compile(r"^(tuiauth|tuiauth\.hookspecs|tuiauth\.plugin_kit(\.\w+)?)$")


def throwaway_venv(folder: Path) -> Path:
    """A virtual environment that sees this one's packages (tuiauth, pytest, wsgidav …) but installs
    into its own site-packages; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    own = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    lines = [f"import site; site.addsitedir({path!r})" for path in site.getsitepackages()]
    Path(own, "parent-environment.pth").write_text("\n".join(lines) + "\n")
    return python


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a person's shell: entry points on, a home of its own, no CI switches."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUIAUTH_", "PYTEST_"))}
    return env | {"HOME": str(home), "TUIAUTH_HOME": str(home / "tuiauth")}


def generate(kind: str, name: str, where: Path) -> Path:
    result = run_process("new-plugin", kind, name, "--dir", str(where))
    assert result.returncode == 0, result.stderr
    package = where / f"tuiauth-{name}"
    assert f"Wrote {package}/" in result.stdout
    return package


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_generated_package_installs_passes_its_tests_and_is_listed(kind: str, tmp_path: Path) -> None:
    name = f"demo-{kind}"
    package = generate(kind, name, tmp_path)
    python = throwaway_venv(tmp_path / "venv")
    env = clean_env(tmp_path / "home")
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", str(package)],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    tests = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
        capture_output=True, text=True, env=env, cwd=package, timeout=600,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr[-3000:]
    assert " passed" in tests.stdout and "skipped" not in tests.stdout, tests.stdout[-2000:]
    listed = subprocess.run([python, "-m", "tuiauth", "plugins"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    line = next(line for line in listed.stdout.splitlines() if line.startswith(f"{name} "))
    assert "loaded" in line and f"tuiauth-{name} 0.1.0" in line, listed.stdout


@pytest.mark.parametrize("kind", KINDS)
def test_the_plugin_module_imports_only_the_public_api(kind: str) -> None:
    files = render(kind, "demo")
    imported = re.findall(r"^(?:from|import) (tuiauth[\w.]*)", files["src/tuiauth_demo/plugin.py"], re.M)
    assert imported and all(PUBLIC.match(module) for module in imported), imported
    pyproject = files["pyproject.toml"]
    assert 'demo = "tuiauth_demo.plugin"' in pyproject
    assert re.search(r'"tuiauth>=\d+\.\d+,<\d+\.\d+"', pyproject), pyproject


def test_refuses_a_bad_name_and_an_existing_folder(tmp_path: Path) -> None:
    bad = run_process("new-plugin", "backend", "My_Store", "--dir", str(tmp_path))
    assert bad.returncode == 2 and "not a plugin name" in bad.stderr
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "tuiauth-mine").mkdir()
    taken = run_process("new-plugin", "backend", "mine", "--dir", str(tmp_path))
    assert taken.returncode == 1 and "already exists: nothing was written" in taken.stderr
    assert list((tmp_path / "tuiauth-mine").iterdir()) == []


def doc_section() -> str:
    text = DOC.read_text()
    start = text.index("## From nothing to a working backend")
    return text[start : text.index("\n## ", start + 1)]


def test_the_guide_describes_the_package_that_is_generated(tmp_path: Path) -> None:
    """docs/plugins.md's walk-through: its command, as written, makes the files its tree lists."""
    section = doc_section()
    command = re.search(r"^tuiauth (new-plugin backend (\S+))$", section, re.M)
    assert command, "the guide shows no `tuiauth new-plugin backend NAME` line"
    name = command.group(2)
    package = generate("backend", name, tmp_path)
    tree = re.search(r"```text\n(.*?)```", section, re.S)
    assert tree, "the guide shows no file tree"
    entries = {line.strip().lstrip("├└─│ ").split()[0] for line in tree.group(1).splitlines()[1:] if line.strip()}
    listed = {entry for entry in entries if not entry.endswith("/")}
    made = {path.name for path in package.rglob("*") if path.is_file()}
    assert made == listed, f"generated, not in the guide: {made - listed}; in the guide, not generated: {listed - made}"
    for step in (f"pip install -e 'tuiauth-{name}[test]'", f"pytest tuiauth-{name}", "tuiauth plugins"):
        assert step in section, step
