"""The plugin manager: built-ins through the hooks, isolation, duplicates, block lists."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tuiauth import AccountDraft, MethodSpec, hookimpl
from tuiauth.core.errors import PluginError
from tuiauth.pluginmanager import PluginManager


def method_plugin(name: str, code: str = "123456") -> SimpleNamespace:
    @hookimpl
    def tuiauth_methods() -> list[MethodSpec]:
        return [MethodSpec(name=name, label=name.title(), code=lambda account, at: code)]

    return SimpleNamespace(tuiauth_methods=tuiauth_methods)


def test_builtin_methods_come_through_the_hooks() -> None:
    pm = PluginManager(entrypoints=False)
    methods = pm.methods()
    assert {"totp", "hotp", "steam"} <= set(methods)
    names = {i.name for i in pm.info() if i.builtin and i.status == "loaded"}
    assert {"tuiauth.methods.totp", "tuiauth.methods.hotp", "tuiauth.methods.steam"} <= names
    assert pm.method("hotp").counter_based


def test_builtin_categories_load_lazily() -> None:
    pm = PluginManager(entrypoints=False)
    pm.methods()
    assert not any(i.name.startswith("tuiauth.importers.") for i in pm._infos.values())


def test_a_plugin_that_raises_is_reported_and_the_rest_works() -> None:
    @hookimpl
    def tuiauth_methods() -> list[MethodSpec]:
        raise RuntimeError("boom\nsecond line with a local value")

    pm = PluginManager(entrypoints=False)
    pm.register(SimpleNamespace(tuiauth_methods=tuiauth_methods), "explodes")
    pm.register(method_plugin("fine"), "fine")
    methods = pm.methods()
    assert "fine" in methods and "totp" in methods
    info = {i.name: i for i in pm.info()}["explodes"]
    assert info.status == "failed"
    assert info.error == "RuntimeError: boom"


def test_a_plugin_returning_the_wrong_type_is_reported() -> None:
    @hookimpl
    def tuiauth_methods() -> list[str]:
        return ["not a spec"]

    pm = PluginManager(entrypoints=False)
    pm.register(SimpleNamespace(tuiauth_methods=tuiauth_methods), "wrongtype")
    assert "totp" in pm.methods()
    assert "returned str, not MethodSpec" in {i.name: i for i in pm.info()}["wrongtype"].error


def test_duplicate_names_are_rejected_naming_both_packages() -> None:
    pm = PluginManager(entrypoints=False)
    pm.register(method_plugin("totp", code="000000"), "impostor", package="tuiauth-impostor")
    rfc = AccountDraft(secret=b"12345678901234567890", digits=8)
    assert pm.method("totp").code(rfc, 59) == "94287082"  # the built-in, not the impostor
    info = {i.name: i for i in pm.info()}["impostor"]
    assert info.status == "failed"
    assert "tuiauth-impostor" in info.error and "tuiauth (tuiauth.methods.totp)" in info.error


def test_unknown_hook_is_a_validation_failure() -> None:
    @hookimpl
    def tuiauth_not_a_hook() -> None:
        return None

    pm = PluginManager(entrypoints=False)
    info = pm.register(SimpleNamespace(tuiauth_not_a_hook=tuiauth_not_a_hook), "typo")
    assert info.status == "failed" and "tuiauth_not_a_hook" in info.error
    assert "totp" in pm.methods()


def test_block_list_applies_to_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUIAUTH_PLUGINS_BLOCK", "tuiauth.methods.steam")
    pm = PluginManager(entrypoints=False)
    assert "steam" not in pm.methods()
    assert {i.name: i for i in pm.info()}["tuiauth.methods.steam"].status == "blocked"
    with pytest.raises(PluginError, match="no method named 'steam'"):
        pm.method("steam")


@pytest.mark.parametrize("declared", [1, None])
def test_a_plugin_for_this_hook_api_or_declaring_none_loads(declared: int | None) -> None:
    plugin = method_plugin("current")
    if declared is not None:
        plugin.TUIAUTH_HOOK_API_VERSION = declared
    pm = PluginManager(entrypoints=False)
    assert pm.register(plugin, "current").status == "loaded"
    assert "current" in pm.methods()


def test_a_plugin_for_a_newer_hook_api_is_incompatible_and_not_loaded() -> None:
    from tuiauth import HOOK_API_VERSION

    plugin = method_plugin("newer")
    plugin.TUIAUTH_HOOK_API_VERSION = HOOK_API_VERSION + 1
    pm = PluginManager(entrypoints=False)
    info = pm.register(plugin, "newer")
    assert info.status == "incompatible"
    assert f"hook API version {HOOK_API_VERSION + 1}" in info.error
    assert "newer" not in pm.methods() and "totp" in pm.methods()


@pytest.mark.parametrize("declared", ["2", 0, True, 1.5])
def test_a_malformed_hook_api_declaration_is_refused(declared: object) -> None:
    plugin = method_plugin("odd")
    plugin.TUIAUTH_HOOK_API_VERSION = declared
    pm = PluginManager(entrypoints=False)
    info = pm.register(plugin, "odd")
    assert info.status == "incompatible" and "TUIAUTH_HOOK_API_VERSION should be a whole number" in info.error
    assert "odd" not in pm.methods()


def test_a_third_party_exporter_is_used_like_a_built_in() -> None:
    from tuiauth import Account, ExporterSpec
    from tuiauth.core.exporting import run_export

    @hookimpl
    def tuiauth_exporters() -> list[ExporterSpec]:
        def export(accounts: object, password: str | None) -> bytes:
            return b"".join(f"{a.issuer}\n".encode() for a in accounts)  # type: ignore[attr-defined]

        return [ExporterSpec(name="issuers", label="Issuers", export=export)]

    pm = PluginManager(entrypoints=False)
    pm.register(SimpleNamespace(tuiauth_exporters=tuiauth_exporters), "issuers-plugin")
    assert {"issuers", "otpauth"} <= set(pm.exporters())
    accounts = [Account(issuer="GitHub", secret=b"k" * 10), Account(issuer="GitLab", secret=b"k" * 10)]
    assert run_export(pm.exporter("issuers"), accounts, None) == b"GitHub\nGitLab\n"
    assert {i.name: i for i in pm.info()}["issuers-plugin"].provides == {"exporters": ["issuers"]}
