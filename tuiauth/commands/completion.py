"""``tuiauth completion bash|zsh|fish``: shell completion of commands, options and account names.

The scripts are made from the command line's own parser, so a new command or option completes as
soon as it exists. Account names come from ``tuiauth completion accounts``, which asks a running,
unlocked agent and prints nothing otherwise (completion never asks for the password). The scripts
never evaluate a name: an account named ``$(rm -rf ~)`` is offered as text, quoted.
"""

from __future__ import annotations

import argparse
import sys

#: The commands whose first argument is an account (a QUERY).
TAKE_AN_ACCOUNT = ("code", "remove")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "completion",
        help="print a completion script: bash, zsh or fish ('accounts': the names the scripts offer)",
    )
    p.add_argument("shell", choices=("bash", "zsh", "fish", "accounts"))
    p.set_defaults(func=cmd_completion)


def tree(parser: argparse.ArgumentParser, path: str = "") -> dict[str, tuple[list[str], list[str]]]:
    """Command path ("" for the top, "agent start"…) -> (its subcommands, its options)."""
    subcommands: list[str] = []
    options: list[str] = []
    found: dict[str, tuple[list[str], list[str]]] = {path: (subcommands, options)}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                subcommands.append(name)
                found.update(tree(child, f"{path} {name}".strip()))
        else:
            options.extend(o for o in action.option_strings if o.startswith("--"))
    return found


def _quoted(words: list[str]) -> str:
    return " ".join(f"'{w}'" for w in words)


def bash_script(commands: dict[str, tuple[list[str], list[str]]]) -> str:
    steps = " | ".join(f"'{p}:{s}'" if p else f"':{s}'" for p, (subs, _) in commands.items() for s in subs)
    cases = []
    for path, (subs, options) in commands.items():
        offer = (
            f"_tuiauth_offer {_quoted(subs + options)}"
            if path not in TAKE_AN_ACCOUNT
            else (f"if [[ $cur == -* ]]; then _tuiauth_offer {_quoted(options)}; else _tuiauth_accounts; fi")
        )
        cases.append(f"        '{path}') {offer} ;;")
    return f"""# tuiauth completion for bash: add to ~/.bashrc
#     eval "$(tuiauth completion bash)"
_tuiauth_offer() {{
    local word
    for word in "$@"; do [[ $word == "$cur"* ]] && COMPREPLY+=("$word"); done
}}
_tuiauth_accounts() {{
    local word
    while IFS= read -r word; do
        [[ $word == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$word")")
    done < <(tuiauth completion accounts 2>/dev/null)
}}
_tuiauth_complete() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" path="" i
    COMPREPLY=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "$path:${{COMP_WORDS[i]}}" in
            {steps}) path="${{path:+$path }}${{COMP_WORDS[i]}}" ;;
        esac
    done
    case "$path" in
{chr(10).join(cases)}
    esac
}}
complete -F _tuiauth_complete tuiauth
"""


def zsh_script(commands: dict[str, tuple[list[str], list[str]]]) -> str:
    steps = "|".join(f"'{p}:{s}'" for p, (subs, _) in commands.items() for s in subs)
    cases = []
    for path, (subs, options) in commands.items():
        offer = (
            f"compadd -- {_quoted(subs + options)}"
            if path not in TAKE_AN_ACCOUNT
            else (f"if [[ $PREFIX == -* ]]; then compadd -- {_quoted(options)}; else _tuiauth_accounts; fi")
        )
        cases.append(f"        ('{path}') {offer} ;;")
    return f"""#compdef tuiauth
# tuiauth completion for zsh: add to ~/.zshrc, after compinit
#     eval "$(tuiauth completion zsh)"
_tuiauth_accounts() {{
    local -a names
    names=("${{(@f)$(tuiauth completion accounts 2>/dev/null)}}")
    names=(${{names:#}})
    compadd -a names
}}
_tuiauth() {{
    local path_="" i
    for ((i = 2; i < CURRENT; i++)); do
        case "$path_:${{words[i]}}" in
            ({steps}) path_="${{path_:+$path_ }}${{words[i]}}" ;;
        esac
    done
    case "$path_" in
{chr(10).join(cases)}
    esac
}}
compdef _tuiauth tuiauth
"""


def fish_script(commands: dict[str, tuple[list[str], list[str]]]) -> str:
    steps = " ".join(f"'{p}:{s}'" for p, (subs, _) in commands.items() for s in subs)
    lines = []
    for path, (subs, options) in commands.items():
        when = f'-n \'test "$(__tuiauth_path)" = "{path}"\''
        if subs:
            lines.append(f"complete -c tuiauth {when} -a {_quoted([' '.join(subs)])}")
        lines.extend(f"complete -c tuiauth {when} -l {option[2:]}" for option in options)
        if path in TAKE_AN_ACCOUNT:
            lines.append(f"complete -c tuiauth {when} -a '(tuiauth completion accounts 2>/dev/null)'")
    return f"""# tuiauth completion for fish:
#     tuiauth completion fish > ~/.config/fish/completions/tuiauth.fish
function __tuiauth_path
    set -l words (commandline -opc)
    set -e words[1]
    set -l path ""
    for word in $words
        switch "$path:$word"
            case {steps}
                set path (string trim -- "$path $word")
        end
    end
    echo $path
end
complete -c tuiauth -f
{chr(10).join(lines)}
"""


SCRIPTS = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}


def cmd_completion(args: argparse.Namespace) -> int:
    if args.shell == "accounts":
        return print_account_names(args.home)
    from ..cli import build_parser

    sys.stdout.write(SCRIPTS[args.shell](tree(build_parser())))
    return 0


def print_account_names(home: str | None) -> int:
    """``issuer:name`` of each account, one a line (a query that names it), from an unlocked agent."""
    from ..agent.client import AgentUnavailable, ask_agent
    from ..agent.location import vault_file_of

    try:
        reply = ask_agent(vault_file_of(home), {"op": "list"}, timeout=5.0)
    except AgentUnavailable:
        return 0
    for account in reply.get("accounts", []):
        name = f"{account['issuer']}:{account['name']}" if account["issuer"] else account["name"]
        if "\n" not in name:
            print(name)
    return 0
