"""The plugin contract is documented where authors read it: every hook and every descriptor field in
the spec module (``tuiauth/hookspecs.py`` and the descriptors' own modules) and in docs/plugins.md;
every hook has a test; the examples of the spec module work as written."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import textwrap
import types
from pathlib import Path

import pytest

import tuiauth
from tuiauth import hookspecs
from tuiauth.core import specs
from tuiauth.core.specs import backends

ROOT = Path(__file__).resolve().parents[2]
PLUGINS_MD = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
HOOKS = sorted(name for name in vars(hookspecs) if name.startswith("tuiauth_"))
DESCRIPTORS = [
    specs.MethodSpec,
    specs.ReverifyFlow,
    specs.ReverifyStep,
    specs.ReverifyDone,
    specs.BackendSpec,
    specs.FormField,
    specs.ImporterSpec,
    specs.ImportResult,
    specs.ImportProblem,
    specs.ExporterSpec,
    specs.QrExport,
    specs.QrBatch,
]
#: Fields every descriptor has, documented once in the docstring of tuiauth/core/specs/__init__.py.
COMMON = ("name", "label", "description")
BACKEND_METHODS = [name for name in vars(backends.Backend) if not name.startswith("_")]


def public_fields(cls: type) -> list[str]:
    """The fields a plugin sets (a private one the descriptor computes itself is not part of it)."""
    return [f.name for f in dataclasses.fields(cls) if f.init and not f.name.startswith("_")]


def test_there_are_hooks_and_descriptors() -> None:
    assert HOOKS == ["tuiauth_backends", "tuiauth_exporters", "tuiauth_importers", "tuiauth_methods"]
    assert set(BACKEND_METHODS) == {"list", "read", "create", "delete", "close"}


@pytest.mark.parametrize("hook", HOOKS)
def test_each_hook_is_documented_in_the_spec_module(hook: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    for part in ("Receives", "Returns", "Errors", "Example", ".. versionadded::", "thread"):
        assert part in doc, f"{hook}'s docstring says nothing under {part!r}"


@pytest.mark.parametrize("hook", HOOKS)
def test_each_hook_is_documented_in_docs_plugins_md(hook: str) -> None:
    assert f"`{hook}`" in PLUGINS_MD


@pytest.mark.parametrize("hook", HOOKS)
def test_each_hook_has_a_test(hook: str) -> None:
    """A test of the project implements the hook as a third-party plugin would."""
    tests = [p for p in (ROOT / "tests").rglob("test_*.py") if "meta" not in p.parts]
    assert any(f"def {hook}(" in p.read_text(encoding="utf-8") for p in tests)


def documented_in_source(cls: type) -> set[str]:
    """Fields of ``cls`` named (``field``) in its docstring, or with a ``#:`` comment above them; one
    comment may document a group of fields written on the lines right after it."""
    source = inspect.getsource(cls)
    lines = source.splitlines()
    node = ast.parse(textwrap.dedent(source)).body[0]
    assert isinstance(node, ast.ClassDef)
    doc = ast.get_docstring(node) or ""
    found = {name for name in public_fields(cls) if f"``{name}" in doc}
    in_group_until = -1
    for statement in node.body:
        if not (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)):
            continue
        if lines[statement.lineno - 2].strip().startswith("#:") or statement.lineno == in_group_until + 1:
            found.add(statement.target.id)
            in_group_until = statement.end_lineno or statement.lineno
    return found


@pytest.mark.parametrize("cls", DESCRIPTORS, ids=lambda c: c.__name__)
def test_each_descriptor_and_field_is_documented_in_the_spec_module(cls: type) -> None:
    assert inspect.getdoc(cls), f"{cls.__name__} has no docstring"
    missing = set(public_fields(cls)) - documented_in_source(cls) - set(COMMON)
    assert missing == set(), f"{cls.__name__}: fields without a #: comment or a mention in the docstring"


def test_the_common_fields_are_documented_once() -> None:
    doc = specs.__doc__ or ""
    assert all(f"``{name}``" in doc for name in COMMON)


def section(heading_word: str) -> str:
    """The part of docs/plugins.md under the ``### `...`` heading naming ``heading_word``."""
    parts = re.split(r"^### ", PLUGINS_MD, flags=re.MULTILINE)
    matches = [p for p in parts[1:] if f"`{heading_word}`" in p.splitlines()[0]]
    assert matches, f"docs/plugins.md has no ### heading naming `{heading_word}`"
    return matches[0]


@pytest.mark.parametrize("cls", DESCRIPTORS, ids=lambda c: c.__name__)
def test_each_descriptor_field_is_in_docs_plugins_md(cls: type) -> None:
    text = section(cls.__name__)
    missing = [name for name in public_fields(cls) if f"`{name}`" not in text and f"{name}`" not in text]
    assert missing == [], f"docs/plugins.md does not describe {cls.__name__}'s fields {missing}"


def test_each_backend_method_is_in_docs_plugins_md() -> None:
    text = section("Backend")
    assert [m for m in BACKEND_METHODS if f"`{m}(" not in text] == []


# --- the examples of the spec module -------------------------------------------------------------
def example(hook: str) -> types.ModuleType:
    """The example in ``hook``'s docstring, run as the module of a plugin."""
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    block = doc.split("::\n", 1)[1].split(".. versionadded::")[0]
    module = types.ModuleType(f"example_{hook}")
    exec(compile(textwrap.dedent(block), f"<{hook} example>", "exec"), module.__dict__)
    return module


def loaded(module: types.ModuleType) -> object:
    from tuiauth.pluginmanager import PluginManager

    pm = PluginManager(entrypoints=False)
    info = pm.register(module, module.__name__)
    assert (info.status, info.error) == ("loaded", "")
    return pm


def public_imports(module: types.ModuleType, hook: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    imported = re.findall(r"^\s*from (tuiauth[\w.]*) import", doc, flags=re.MULTILINE)
    assert imported and all(m == "tuiauth" or m.startswith("tuiauth.plugin_kit.") for m in imported)
    assert module.TUIAUTH_HOOK_API_VERSION == tuiauth.HOOK_API_VERSION


def test_the_method_example_works() -> None:
    module = example("tuiauth_methods")
    public_imports(module, "tuiauth_methods")
    method = loaded(module).method("slow8")  # type: ignore[attr-defined]
    # RFC 6238's SHA-1 vector at T=59 s is for 30-second steps; at 60-second steps T=119 s is step 1.
    assert method.code(tuiauth.AccountDraft(secret=b"12345678901234567890", digits=8), 119) == "94287082"


def test_the_backend_example_works(tmp_path: Path) -> None:
    from tuiauth.plugin_kit.errors import BackendExistsError, BackendNotFoundError

    module = example("tuiauth_backends")
    public_imports(module, "tuiauth_backends")
    spec = loaded(module).backend("my-folder")  # type: ignore[attr-defined]
    backend = spec.factory({"folder": str(tmp_path)})
    name = "gen-00000000000000000001-0123456789abcdef"
    backend.create(name, b"sealed")
    with pytest.raises(BackendExistsError):
        backend.create(name, b"other")
    (tmp_path / "my notes.txt").write_text("not ours")
    assert backend.list() == [name] and backend.read(name) == b"sealed"
    backend.delete(name)
    with pytest.raises(BackendNotFoundError):
        backend.read(name)
    backend.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my notes.txt"]


def test_the_importer_example_works() -> None:
    module = example("tuiauth_importers")
    public_imports(module, "tuiauth_importers")
    spec = loaded(module).importer("simple-csv")  # type: ignore[attr-defined]
    data = b"issuer,account,secret\nGitHub,alice,JBSWY3DPEHPK3PXP\nBad,bob,not-base32!\n"
    assert spec.sniff(data[:100], "x.csv") > 0.5
    result = spec.parse(data, None)
    assert [(d.issuer, d.name) for d in result.drafts] == [("GitHub", "alice")]
    assert [p.entry for p in result.problems] == ["line 3"]


def test_the_exporter_example_works() -> None:
    module = example("tuiauth_exporters")
    public_imports(module, "tuiauth_exporters")
    spec = loaded(module).exporter("simple-csv")  # type: ignore[attr-defined]
    account = tuiauth.Account(issuer="GitHub", name="alice", secret=b"Hello!\xde\xad\xbe\xef")
    assert spec.export([account], None) == b"issuer,account,secret\nGitHub,alice,JBSWY3DPEHPK3PXP\n"
