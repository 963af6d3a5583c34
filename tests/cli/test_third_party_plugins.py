"""Third-party plugins installed from their own packages are found through the entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..third_party import install_packages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test packages installed (really, with pip) into a private folder."""
    return install_packages(tmp_path_factory.mktemp("site"))


def run(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "TUIAUTH_NO_ENTRYPOINTS"}
    environ["PYTHONPATH"] = str(site)
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "tuiauth", *args], capture_output=True, text=True, env=environ, timeout=60
    )


def test_plugins_are_discovered_and_failures_isolated(site: Path) -> None:
    result = run(site, "plugins", "--all", "--json")
    assert result.returncode == 0, result.stderr
    plugins = {p["name"]: p for p in json.loads(result.stdout)}

    hello = plugins["hello"]
    assert (hello["status"], hello["package"], hello["version"]) == ("loaded", "tuiauth-hello", "1.2.3")
    assert hello["hooks"] == ["tuiauth_methods"]
    assert hello["provides"] == {"methods": ["hello"]}

    broken = plugins["broken"]
    assert broken["status"] == "failed"
    assert "ModuleNotFoundError" in broken["error"] and "tuiauth_dependency_that_does_not_exist" in broken["error"]

    clash = plugins["clash"]
    assert clash["status"] == "failed"
    assert "'totp'" in clash["error"] and "tuiauth-clash" in clash["error"] and "tuiauth " in clash["error"]
    # The built-in totp is the one in use, and the rest of the app works.
    assert plugins["tuiauth.methods.totp"]["status"] == "loaded"
    assert plugins["tuiauth.methods.totp"]["provides"] == {"methods": ["totp"]}


def test_a_plugin_for_a_newer_hook_api_is_listed_as_incompatible_and_not_loaded(site: Path) -> None:
    plugins = {p["name"]: p for p in json.loads(run(site, "plugins", "--json").stdout)}
    future = plugins["future"]
    assert (future["status"], future["package"], future["hooks"]) == ("incompatible", "tuiauth-future", [])
    assert "hook API version 99" in future["error"] and "supports up to version 1" in future["error"]
    assert "future" not in {name for p in plugins.values() for name in p["provides"].get("methods", [])}
    listing = run(site, "plugins").stdout
    assert "future" in listing and "incompatible" in listing and "1 incompatible with this tuiauth" in listing


def test_text_listing_names_status_and_error(site: Path) -> None:
    result = run(site, "plugins")
    assert result.returncode == 0
    assert "hello" in result.stdout and "tuiauth-hello 1.2.3" in result.stdout
    assert "error: ModuleNotFoundError" in result.stdout
    assert "2 failed" in result.stdout


def test_built_in_plugins_are_listed_only_with_all(site: Path) -> None:
    installed = json.loads(run(site, "plugins", "--json").stdout)
    assert installed and not any(p["builtin"] for p in installed)
    assert {"hello", "broken", "clash", "future"} <= {p["name"] for p in installed}
    every = json.loads(run(site, "plugins", "--all", "--json").stdout)
    assert {p["name"] for p in every} > {p["name"] for p in installed}
    assert "tuiauth.methods.totp" in {p["name"] for p in every}
    text = run(site, "plugins").stdout
    assert not any(line.startswith("tuiauth.") for line in text.splitlines())
    assert "built-in plugins are not shown: tuiauth plugins --all lists them." in text


def test_plugins_implementing_one_hook(site: Path) -> None:
    installed = json.loads(run(site, "plugins", "--hook", "tuiauth_methods", "--json").stdout)
    names = {p["name"] for p in installed}
    assert "hello" in names and not names & {"broken", "future"}, names  # no hooks: failed or not loaded
    assert all("tuiauth_methods" in p["hooks"] and not p["builtin"] for p in installed)
    backends = {p["name"] for p in json.loads(run(site, "plugins", "--hook", "backends", "--json").stdout)}
    assert "faulty" in backends and "hello" not in backends
    every = json.loads(run(site, "plugins", "--all", "--hook", "methods", "--json").stdout)
    assert {"hello", "tuiauth.methods.totp"} <= {p["name"] for p in every}
    assert "tuiauth.backends.local" not in {p["name"] for p in every}
    wrong = run(site, "plugins", "--hook", "tuiauth_nothing")
    assert wrong.returncode == 2 and "there is no hook tuiauth_nothing: the hooks are" in wrong.stderr
    assert "tuiauth_backends" in wrong.stderr


def test_block_and_allow_lists(site: Path) -> None:
    blocked = {p["name"]: p for p in json.loads(run(site, "plugins", "--json", TUIAUTH_PLUGINS_BLOCK="hello").stdout)}
    assert blocked["hello"]["status"] == "blocked"
    allowed = {p["name"]: p for p in json.loads(run(site, "plugins", "--json", TUIAUTH_PLUGINS_ALLOW="hello").stdout)}
    assert allowed["hello"]["status"] == "loaded"
    assert allowed["broken"]["status"] == "blocked" and allowed["clash"]["status"] == "blocked"


def test_a_third_party_method_computes_codes(site: Path, isolated_home: Path, fast_kdf, tmp_path: Path) -> None:
    """`tuiauth code` finds built-in methods without loading plugins, and loads them for a plugin's type."""
    from tuiauth.core.vault import Vault

    vault, _ = Vault.create(isolated_home / "vault.tuiauth", "pw", kdf=fast_kdf)
    vault.close()
    password = tmp_path / "pw"
    password.write_text("pw\n")
    pw = ["--password-file", str(password)]
    assert run(site, "add", "--issuer", "Hello", "--secret", "JBSWY3DPEHPK3PXP", "--type", "hello", *pw).returncode == 0
    assert (
        run(
            site, "add", "--issuer", "Plain", "--secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "--digits", "8", *pw
        ).returncode
        == 0
    )
    assert run(site, "code", "hello", *pw).stdout == "HELLO\n"
    assert run(site, "code", "plain", "--at", "59", *pw).stdout == "94287082\n"


def test_builtin_methods_resolve_without_loading_third_party_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    from tuiauth.pluginmanager import PluginManager

    monkeypatch.delenv("TUIAUTH_NO_ENTRYPOINTS", raising=False)
    pm = PluginManager()
    assert pm.method("totp").name == "totp"
    assert not pm._third_party_done, "a built-in method must not cost an entry-point scan"
    pm.methods()
    assert pm._third_party_done
