"""``tuiauth new-plugin KIND NAME``: write a ready plugin package whose tests pass out of the box.

The files come from ``tuiauth/commands/plugin_templates/`` (``string.Template`` placeholders such as
``${module}``): the package's ``pyproject.toml`` (its ``tuiauth`` entry point and the core versions it
was written for), the plugin module, tests on ``tuiauth.testing`` and a README. docs/plugins.md walks
through what a backend package holds.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

KINDS = ("backend", "importer", "exporter", "method")
NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
#: Each kind's files: template → path in the package. ``{module}`` is the import name.
FILES = {
    "backend": {
        "conftest.py.tmpl": "tests/conftest.py",
        "test_plugin.py.tmpl": "tests/test_plugin.py",
        "test_form.py.tmpl": "tests/test_form.py",
    },
    "importer": {
        "test_plugin.py.tmpl": "tests/test_plugin.py",
        "export.json.tmpl": "tests/data/export.json",
        "golden.json.tmpl": "tests/golden/export.json",
    },
    "exporter": {"test_plugin.py.tmpl": "tests/test_plugin.py"},
    "method": {"test_plugin.py.tmpl": "tests/test_plugin.py"},
}
#: What each kind's package needs besides tuiauth, to run and to test.
EXTRA_DEPS = {"backend": ["httpx>=0.27"]}
TEST_DEPS = {"backend": ["wsgidav>=4.3", "cheroot>=10"]}
DESCRIPTIONS = {
    "backend": "Encrypted tuiauth backups in a folder of a WebDAV-like server",
    "importer": "Imports one otpauth:// URI per line into tuiauth",
    "exporter": "Exports tuiauth accounts as one otpauth:// URI per line",
    "method": "A verification method for tuiauth: 8-digit TOTP codes with HMAC-SHA256",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "new-plugin",
        help="write a new plugin package (entry point, plugin module, tests, README) to start from",
        description="Write tuiauth-NAME/, a plugin package whose tests pass as written: "
        "pip install -e 'tuiauth-NAME[test]' && pytest tuiauth-NAME",
    )
    p.add_argument("kind", choices=KINDS, help="what the plugin provides")
    p.add_argument("name", help="the plugin's name: lowercase letters, digits and single hyphens (e.g. mydav)")
    p.add_argument("--dir", default=".", metavar="DIR", help="where to write tuiauth-NAME/ (default: here)")
    p.set_defaults(func=cmd_new_plugin)


@dataclass(frozen=True)
class Names:
    """What the templates call the plugin."""

    name: str

    @property
    def values(self) -> dict[str, str]:
        from .. import __version__
        from ..hookspecs import HOOK_API_VERSION

        major, minor = (int(part) for part in __version__.split(".")[:2])
        words = self.name.split("-")
        return {
            "name": self.name,
            "dist": f"tuiauth-{self.name}",
            "module": f"tuiauth_{'_'.join(words)}",
            "cls": "".join(word.capitalize() for word in words),
            "label": " ".join(word.capitalize() for word in words),
            "core_pin": f"tuiauth>={major}.{minor},<{major}.{minor + 1}",
            "hook_api": str(HOOK_API_VERSION),
        }


def _listed(deps: list[str]) -> str:
    """More items of a TOML list of strings: ``, "a", "b"``."""
    return "".join(f', "{dep}"' for dep in deps)


def render(kind: str, name: str) -> dict[str, str]:
    """The package's files (relative path → text) for a ``kind`` plugin called ``name``."""
    values = Names(name).values | {
        "description": DESCRIPTIONS[kind],
        "extra_deps": _listed(EXTRA_DEPS.get(kind, [])),
        "test_deps": _listed(TEST_DEPS.get(kind, [])),
    }
    templates = resources.files(__package__).joinpath("plugin_templates")
    files = {
        "pyproject.toml": templates / "pyproject.toml.tmpl",
        "README.md": templates / kind / "README.md.tmpl",
        f"src/{values['module']}/__init__.py": None,
        f"src/{values['module']}/plugin.py": templates / kind / "plugin.py.tmpl",
    }
    files |= {target: templates / kind / source for source, target in FILES[kind].items()}
    out: dict[str, str] = {}
    for target, source in files.items():
        if source is None:
            out[target] = f'"""{DESCRIPTIONS[kind]} (the plugin is in ``plugin.py``)."""\n'
        else:
            out[target] = Template(source.read_text(encoding="utf-8")).substitute(values)
    return out


def cmd_new_plugin(args: argparse.Namespace) -> int:
    if not NAME.fullmatch(args.name):
        print(
            f"tuiauth: {args.name!r} is not a plugin name: use lowercase letters, digits and single hyphens",
            file=sys.stderr,
        )
        return 2
    target = Path(args.dir).expanduser() / f"tuiauth-{args.name}"
    if target.exists():
        print(f"tuiauth: {target} already exists: nothing was written", file=sys.stderr)
        return 1
    for path, text in render(args.kind, args.name).items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    print(f"Wrote {target}/, a {args.kind} plugin named {args.name}. Try it:")
    print(f"  pip install -e '{target}[test]' && pytest {target}")
    return 0
