"""Loading plugins, isolating them from each other, and typed getters over ``pm.hook``.

Built-in plugins are the modules of ``tuiauth/plugins/<category>/`` (names without a leading
underscore). They are registered through the same hooks as third-party plugins, but lazily, one
category at a time, so ``tuiauth code`` never imports the importers. Third-party plugins come from the
``tuiauth`` entry-point group, loaded one at a time: one that fails to import, fails validation or
raises in a hook is reported (``tuiauth plugins``) and the rest goes on. Two plugins providing the same
name is an error naming both; the later one is not used. A plugin declaring a newer hook API than this
tuiauth supports (``TUIAUTH_HOOK_API_VERSION``, see ``tuiauth/hookspecs.py``) is listed as
``incompatible`` and not registered.
"""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

import pluggy

from . import __version__, hookspecs
from .core.errors import PluginError
from .core.plugin_failures import FailureLog
from .core.plugincall import Caller, isolate
from .core.specs import BackendSpec, ExporterSpec, ImporterSpec, MethodSpec

ENTRY_POINT_GROUP = "tuiauth"
#: Seconds a plugin's I/O call (storage, import, export) may take when no config says otherwise.
DEFAULT_CALL_TIMEOUT = 120.0
CATEGORIES: dict[str, type] = {
    "methods": MethodSpec,
    "backends": BackendSpec,
    "importers": ImporterSpec,
    "exporters": ExporterSpec,
}


@dataclass
class PluginInfo:
    """What ``tuiauth plugins`` shows for one plugin."""

    name: str
    package: str
    version: str
    builtin: bool
    status: str = "loaded"  # loaded | failed | blocked | incompatible
    error: str = ""
    #: The last failure of one of its calls while tuiauth ran (it stays loaded: other calls may work).
    runtime_error: str = ""
    hooks: list[str] = field(default_factory=list)
    provides: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "package": self.package,
            "version": self.version,
            "builtin": self.builtin,
            "status": self.status,
            "error": self.error,
            "runtime_error": self.runtime_error,
            "hooks": self.hooks,
            "provides": self.provides,
        }


def _names(environ: Mapping[str, str], env_var: str, configured: Iterable[str]) -> set[str]:
    from_env = {n.strip() for n in environ.get(env_var, "").split(",") if n.strip()}
    return from_env | set(configured)


SpecT = TypeVar("SpecT")


def _pick(found: dict[str, SpecT], kind: str, name: str) -> SpecT:
    if name not in found:
        known = ", ".join(sorted(found)) or "none"
        raise PluginError(f"no {kind} named {name!r} is installed (known: {known})")
    return found[name]


def _incompatibility(plugin: object) -> str:
    """Why ``plugin`` cannot be loaded by this version's hook API, or "" when it can.

    A plugin without ``TUIAUTH_HOOK_API_VERSION`` was written for version 1, the first.
    """
    declared = getattr(plugin, hookspecs.DECLARED_VERSION_ATTRIBUTE, 1)
    if not isinstance(declared, int) or isinstance(declared, bool) or declared < 1:
        return f"{hookspecs.DECLARED_VERSION_ATTRIBUTE} should be a whole number from 1, not {declared!r:.20}"
    if declared > hookspecs.HOOK_API_VERSION:
        return (
            f"written for hook API version {declared}; this tuiauth {__version__} supports up to "
            f"version {hookspecs.HOOK_API_VERSION} (upgrade tuiauth to use it)"
        )
    return ""


def _describe(exc: BaseException) -> str:
    """One line, type and message only: a plugin's traceback could carry local values."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class PluginManager:
    def __init__(
        self,
        *,
        entrypoints: bool = True,
        allow: Iterable[str] = (),
        block: Iterable[str] = (),
        environ: Mapping[str, str] | None = None,
        call_timeout: Callable[[], float] = lambda: DEFAULT_CALL_TIMEOUT,
        failure_log: FailureLog | None = None,
    ) -> None:
        """``environ`` holds TUIAUTH_NO_ENTRYPOINTS and TUIAUTH_PLUGINS_ALLOW/BLOCK (``os.environ``
        when None; ``tuiauth.testing.app`` passes ``{}`` so a test never depends on the shell).
        ``call_timeout()`` is how many seconds a plugin's I/O call may take (0 = no bound), read at
        each call (``tuiauth/core/plugincall.py``). ``failure_log`` keeps each plugin's last failure
        while running, for ``tuiauth plugins`` to name later."""
        env = os.environ if environ is None else environ
        self._call_timeout = call_timeout
        self.failure_log = failure_log
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self._entrypoints = entrypoints and not env.get("TUIAUTH_NO_ENTRYPOINTS")
        #: Allow-listing applies to third-party plugins only: the built-ins are the app itself.
        self._allow = _names(env, "TUIAUTH_PLUGINS_ALLOW", allow)
        self._block = _names(env, "TUIAUTH_PLUGINS_BLOCK", block)
        self._infos: dict[str, PluginInfo] = {}
        self._third_party_done = False
        self._builtin_done: set[str] = set()
        self._cache: dict[str, dict[str, Any]] = {}
        self._returned: dict[tuple[str, str], list[Any]] = {}

    def _failed(self, info: PluginInfo, error: PluginError) -> None:
        """One of the plugin's calls failed (it stays loaded: its other calls may work)."""
        info.runtime_error = error.message
        if self.failure_log is not None:
            self.failure_log.record(info.name, error.message)

    # --- loading -------------------------------------------------------------------------------
    def _register(self, plugin: object, info: PluginInfo) -> None:
        if info.name in self._block:
            info.status, info.error = "blocked", "blocked by TUIAUTH_PLUGINS_BLOCK or the config"
            self._infos[info.name] = info
            return
        incompatible = _incompatibility(plugin)
        if incompatible:
            info.status, info.error = "incompatible", incompatible
            self._infos[info.name] = info
            return
        try:
            self.pm.register(plugin, name=info.name)
            self.pm.check_pending()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a broken plugin must not stop the app
            if self.pm.is_registered(plugin):
                self.pm.unregister(plugin)
            info.status, info.error = "failed", _describe(exc)
        else:
            info.hooks = sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or [])
        self._infos[info.name] = info

    def register(self, plugin: object, name: str, *, package: str = "", version: str = "") -> PluginInfo:
        """Register a plugin object directly (embedding, tests); isolated like an entry point."""
        info = PluginInfo(name=name, package=package or name, version=version or "?", builtin=False)
        self._register(plugin, info)
        self._cache.clear()
        return info

    def _load_third_party(self) -> None:
        if self._third_party_done:
            return
        self._third_party_done = True
        if not self._entrypoints:
            return
        from importlib.metadata import entry_points  # scanning installed packages costs ~10 ms

        for ep in entry_points(group=ENTRY_POINT_GROUP):
            dist = ep.dist
            info = PluginInfo(
                name=ep.name,
                package=dist.name if dist else "?",
                version=dist.version if dist else "?",
                builtin=False,
            )
            if ep.name in self._infos:
                info.status = "failed"
                info.error = f"the plugin name {ep.name!r} is already used by {self._infos[ep.name].package}"
                self._infos[f"{ep.name} ({info.package})"] = info
                continue
            if self._allow and ep.name not in self._allow:
                info.status, info.error = "blocked", "not in TUIAUTH_PLUGINS_ALLOW or the config's allow list"
                self._infos[ep.name] = info
                continue
            if ep.name in self._block:
                self._register(None, info)
                continue
            try:
                plugin = ep.load()
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # import errors of a third-party package (SystemExit too)
                info.status, info.error = "failed", _describe(exc)
                self._infos[ep.name] = info
                continue
            self._register(plugin, info)

    def _load_builtins(self, category: str) -> None:
        if category in self._builtin_done:
            return
        self._builtin_done.add(category)
        package = importlib.import_module(f"tuiauth.plugins.{category}")
        for module_info in pkgutil.iter_modules(package.__path__):
            if module_info.name.startswith("_"):
                continue
            name = f"tuiauth.{category}.{module_info.name}"
            info = PluginInfo(name=name, package="tuiauth", version=__version__, builtin=True)
            try:
                module: ModuleType = importlib.import_module(f"{package.__name__}.{module_info.name}")
            except Exception as exc:  # a built-in failing to import is a bug, but must not crash
                info.status, info.error = "failed", _describe(exc)
                self._infos[name] = info
                continue
            self._register(module, info)

    # --- calling ---------------------------------------------------------------------------------
    def _collect(self, category: str, *, builtin_only: bool = False) -> dict[str, Any]:
        if category in self._cache:
            return self._cache[category]
        self._load_builtins(category)
        if not builtin_only:
            self._load_third_party()
        spec_type = CATEGORIES[category]
        caller = getattr(self.pm.hook, f"tuiauth_{category}")
        found: dict[str, Any] = {}
        owner: dict[str, PluginInfo] = {}
        impls = [(self._infos[self.pm.get_name(impl.plugin) or ""], impl) for impl in caller.get_hookimpls()]
        # Built-ins first, then third-party plugins in load order: a later duplicate is the rejected one.
        for info, impl in sorted(impls, key=lambda pair: not pair[0].builtin):
            if info.status != "loaded" or (builtin_only and not info.builtin):
                continue
            try:
                specs = self._returned.get((category, info.name))
                if specs is None:  # each plugin's hook is called once; both passes see the same specs
                    returned = list(impl.function())
                    bad = [s for s in returned if not isinstance(s, spec_type)]
                    if bad:
                        raise PluginError(
                            f"tuiauth_{category} returned {type(bad[0]).__name__}, not {spec_type.__name__}"
                        )
                    # Every callable of a descriptor is isolated (tuiauth/core/plugincall.py).
                    isolation = Caller(info.name, self._call_timeout, functools.partial(self._failed, info))
                    specs = self._returned[(category, info.name)] = [isolate(s, isolation) for s in returned]
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # isolation: one plugin's bug (even SystemExit) is reported, not fatal
                info.status, info.error = "failed", _describe(exc)
                continue
            for spec in specs:
                if spec.name in found:
                    first = owner[spec.name]
                    info.status = "failed"
                    info.error = (
                        f"{category[:-1]} {spec.name!r} is provided by both {first.package} ({first.name}) "
                        f"and {info.package} ({info.name}); the second is not used"
                    )
                    break
            if info.status != "loaded":
                continue
            for spec in specs:
                found[spec.name] = spec
                owner[spec.name] = info
                if not builtin_only:
                    info.provides.setdefault(category, []).append(spec.name)
        if not builtin_only:
            self._cache[category] = found
        return found

    def methods(self) -> dict[str, MethodSpec]:
        return self._collect("methods")

    def backends(self) -> dict[str, BackendSpec]:
        return self._collect("backends")

    def importers(self) -> dict[str, ImporterSpec]:
        return self._collect("importers")

    def exporters(self) -> dict[str, ExporterSpec]:
        return self._collect("exporters")

    def method(self, name: str) -> MethodSpec:
        """The method ``name``. A built-in one is found without loading third-party plugins: they
        cannot replace it (a duplicate name is rejected), and ``tuiauth code`` stays fast."""
        if "methods" not in self._cache:
            builtin = self._collect("methods", builtin_only=True)
            if name in builtin:
                return builtin[name]  # type: ignore[no-any-return]
        return _pick(self.methods(), "method", name)

    def backend(self, name: str) -> BackendSpec:
        return _pick(self.backends(), "backend", name)

    def importer(self, name: str) -> ImporterSpec:
        return _pick(self.importers(), "importer", name)

    def exporter(self, name: str) -> ExporterSpec:
        return _pick(self.exporters(), "exporter", name)

    def info(self) -> list[PluginInfo]:
        """Every plugin, after loading every category."""
        for category in CATEGORIES:
            self._collect(category)
        return sorted(self._infos.values(), key=lambda i: (not i.builtin, i.name))
