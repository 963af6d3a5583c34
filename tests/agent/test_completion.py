"""``tuiauth completion bash|zsh|fish``: each shell, run for real, completes commands, subcommands,
options, and account names from an unlocked agent — and none without one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tuiauth.testing import missing

from ..cli.helpers import PASSWORD, tuiauth_command

BASH = """
source <(tuiauth completion bash)
COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
_tuiauth_complete
printf '%s\\n' "${COMPREPLY[@]}"
"""
#: zsh's completion system needs a terminal: ``compadd`` and ``compdef`` are replaced by printers.
ZSH = """
compdef() { : }
compadd() {
    if [[ $1 == -a ]]; then print -rl -- ${(P)2}; else shift; print -rl -- "$@"; fi
}
eval "$(tuiauth completion zsh)"
words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}
_tuiauth | while IFS= read -r word; do [[ $word == "$PREFIX"* ]] && print -r -- "$word"; done
true
"""
FISH = """
source (tuiauth completion fish | psub)
complete -C "$argv"
"""


def shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        missing(name, f"apt-get install {name}")
    return found


def complete(kind: str, *words: str) -> list[str]:
    env = {**os.environ, "PATH": f"{Path(tuiauth_command()).parent}{os.pathsep}{os.environ['PATH']}"}
    if kind == "bash":
        argv = [shell("bash"), "-c", BASH, "bash", *words]
    elif kind == "zsh":
        argv = [shell("zsh"), "-f", "-c", ZSH, "zsh", *words]
    else:
        line = " ".join(w.replace(" ", "\\ ") for w in words)
        argv = [shell("fish"), "--no-config", "-c", FISH, line]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return sorted(line.split("\t")[0] for line in done.stdout.splitlines() if line)


SHELLS = ["bash", "zsh", "fish"]


@pytest.mark.parametrize("kind", SHELLS)
def test_commands_subcommands_and_options(kind: str, vault_file: Path) -> None:
    assert complete(kind, "tuiauth", "co") == ["code", "completion"]
    assert complete(kind, "tuiauth", "agent", "st") == ["start", "status", "stop"]
    assert complete(kind, "tuiauth", "code", "--mi") == ["--min-remaining"]


@pytest.mark.parametrize("kind", SHELLS)
def test_account_names_come_from_the_unlocked_agent(kind: str, thread_agent) -> None:
    assert complete(kind, "tuiauth", "code", "Git") == []  # locked: nothing, and no password asked
    thread_agent.ask(op="unlock", password=PASSWORD)
    assert complete(kind, "tuiauth", "code", "Git") == ["GitHub:alice", "GitLab:alice"]
    assert complete(kind, "tuiauth", "remove", "Can") == ["Canary:bird"]
