"""With an agent running, ``tuiauth code`` imports only what talks to the socket; ``import tuiauth``
alone imports nothing else, and its public names still load on use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import tuiauth

LIST_MODULES = """
import json, sys
before = set(sys.modules)
from tuiauth.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(set(sys.modules) - before)}))
"""

#: The whole of tuiauth that the fast path may import.
FAST_PATH = {
    "tuiauth",
    "tuiauth.cli",
    "tuiauth.core",
    "tuiauth.core.errors",
    "tuiauth.agent",
    "tuiauth.agent.client",
    "tuiauth.agent.fastpath",
    "tuiauth.agent.location",
    "tuiauth.agent.protocol",
    "tuiauth.commands",
    "tuiauth.commands.output",
    "tuiauth.commands.timing",
}
#: Modules that cost start-up time and that talking to the socket does not need.
NOT_NEEDED = {
    *("argparse", "typing", "pathlib", "dataclasses", "hashlib", "socket", "selectors"),
    *("textual", "pyotp", "cryptography", "orjson", "pluggy", "platformdirs"),
}


def imported_by(*argv: str) -> tuple[int, set[str], str]:
    process = subprocess.run(
        [sys.executable, "-c", LIST_MODULES, *argv], capture_output=True, text=True, timeout=60, check=False
    )
    lines = process.stdout.splitlines()
    report = json.loads(lines[-1])
    return report["status"], set(report["modules"]), "\n".join(lines[:-1])


def test_code_through_the_agent_imports_only_the_client(run, agent_process, password_file: Path) -> None:
    assert run("unlock", "--password-file", str(password_file)).code == 0
    status, modules, out = imported_by("code", "GitHub")
    assert status == 0 and out.isdigit()
    assert {m for m in modules if m.startswith("tuiauth")} <= FAST_PATH
    assert not {m.split(".")[0] for m in modules} & NOT_NEEDED


def test_without_an_agent_the_full_command_line_answers(agent_process, password_file: Path) -> None:
    status, modules, out = imported_by("code", "GitHub", "--password-file", str(password_file))
    assert status == 0 and out.isdigit()
    assert "tuiauth.core.vault" in modules  # the agent is locked: the vault was opened here


def test_import_tuiauth_imports_nothing_else() -> None:
    code = "import sys, tuiauth; print(sorted(m for m in sys.modules if m.startswith('tuiauth')))"
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert process.stdout.strip() == "['tuiauth']"


def test_every_public_name_loads() -> None:
    for name in tuiauth.__all__:
        assert getattr(tuiauth, name) is not None
    assert set(tuiauth.__all__) <= set(dir(tuiauth))
    assert tuiauth.hookimpl.project_name == "tuiauth"
