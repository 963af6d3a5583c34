"""Calls into plugin code: the one place where a plugin's failure becomes a typed error naming it.

The plugin manager (``tuiauth/pluginmanager.py``) hands out every descriptor through ``isolate``, so
the core, the screens and the commands only ever call plugin code through the wrappers made here:

- a ``TuiauthError`` the plugin raised on purpose passes through as it is;
- any other exception — any ``BaseException`` but ``KeyboardInterrupt``, so ``SystemExit`` too —
  becomes a ``PluginError`` naming the plugin, what was called and the exception's type, never the
  exception's text (it could hold a secret);
- a value of the wrong type (``code`` returning an int, ``parse`` returning None) is a
  ``PluginError`` too;
- calls that may wait on I/O — a storage backend's, an importer's, an exporter's, a re-verification
  step — run on a thread of their own and are given up after the timeout (``plugin_timeout_seconds``
  in the config): the caller gets a ``PluginError`` saying the plugin did not answer, the thread is
  left to finish on its own. All calls to one backend object run on one thread, one at a time.
- a method's ``code`` and ``validate`` run on the caller's thread (the app's UI thread): they must
  be fast, and are not bounded.
"""

from __future__ import annotations

import dataclasses
import functools
import queue
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import PluginError, TuiauthError
from .specs import BackendSpec, ExporterSpec, ImporterSpec, ImportResult, MethodSpec, ReverifyFlow
from .specs.exporters import QrExport
from .specs.reverify import ReverifyDone, ReverifyStep

SpecT = TypeVar("SpecT")
#: What a wrapped call must return: a type (or types), or None when its value is not used.
Returns = type | tuple[type, ...] | None


@dataclass(frozen=True)
class Caller:
    """Who is being called: the plugin's name, the current time bound in seconds (0 = none) and
    where failures are reported besides being raised (``tuiauth plugins`` lists them)."""

    plugin: str
    timeout: Callable[[], float]
    on_failure: Callable[[PluginError], None] = lambda error: None

    def failure(self, what: str, problem: str) -> PluginError:
        error = PluginError(f"the plugin {self.plugin!r} failed: {what} {problem}", plugin=self.plugin)
        self.on_failure(error)
        return error


def _checked(caller: Caller, what: str, value: object, returns: Returns) -> Any:
    if returns is None or isinstance(value, returns):
        return value
    expected = " or ".join(t.__name__ for t in (returns if isinstance(returns, tuple) else (returns,)))
    raise caller.failure(what, f"returned {type(value).__name__}, not {expected}")


def call(caller: Caller, what: str, fn: Callable[..., Any], args: Sequence[object], returns: Returns) -> Any:
    """``fn(*args)`` on this thread, isolated (see the module docstring)."""
    try:
        value = fn(*args)
    except (KeyboardInterrupt, TuiauthError):
        raise
    except BaseException as exc:
        kind = type(exc).__name__
    else:
        return _checked(caller, what, value, returns)
    raise caller.failure(what, f"raised {kind}")  # raised outside the handler: the exception is not chained


class PluginThread:
    """A daemon thread running one plugin's calls one at a time, so that a call that hangs can be
    given up on while the thread is left to finish."""

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[..., Any], Sequence[object], _Answer] | None] = queue.SimpleQueue()
        #: True once a call was given up on: later calls fail at once instead of queueing behind it.
        self.stuck = False
        threading.Thread(target=_serve, args=(self._jobs,), name=f"plugin {name}", daemon=True).start()

    def run(self, caller: Caller, what: str, fn: Callable[..., Any], args: Sequence[object], returns: Returns) -> Any:
        if self.stuck:
            raise caller.failure(what, "was not called: an earlier call never finished")
        answer = _Answer()
        self._jobs.put((fn, args, answer))
        timeout = caller.timeout()
        if not answer.done.wait(timeout if timeout > 0 else None):
            self.stuck = True
            raise caller.failure(what, f"did not answer within {timeout:g} s; tuiauth gave up on it")
        if answer.error is not None:
            error, answer.error = answer.error, None
            if isinstance(error, KeyboardInterrupt | TuiauthError):
                raise error
            raise caller.failure(what, f"raised {type(error).__name__}")
        return _checked(caller, what, answer.value, returns)

    def stop(self) -> None:
        """Let the thread end once its current call (if any) returns."""
        self._jobs.put(None)


class _Answer:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: object = None
        self.error: BaseException | None = None


def _serve(jobs: queue.SimpleQueue[tuple[Callable[..., Any], Sequence[object], _Answer] | None]) -> None:
    while (job := jobs.get()) is not None:
        fn, args, answer = job
        try:
            answer.value = fn(*args)
        except BaseException as exc:
            answer.error = exc
        answer.done.set()


def bounded(caller: Caller, what: str, fn: Callable[..., Any], args: Sequence[object], returns: Returns) -> Any:
    """``fn(*args)`` on a thread of its own, isolated and bounded by the caller's timeout."""
    worker = PluginThread(caller.plugin)
    try:
        return worker.run(caller, what, fn, args, returns)
    finally:
        worker.stop()


class IsolatedBackend:
    """A signed-in backend whose every call runs on its own plugin thread, isolated and bounded."""

    def __init__(self, caller: Caller, name: str, worker: PluginThread, backend: object) -> None:
        self._caller, self._name, self._worker, self._backend = caller, name, worker, backend
        weakref.finalize(self, worker.stop)

    def _call(self, method: str, args: Sequence[object], returns: Returns) -> Any:
        what = f"its backend {self._name!r} {method}()"
        try:
            fn = getattr(self._backend, method)
        except AttributeError:
            raise self._caller.failure(what, "is missing") from None
        return self._worker.run(self._caller, what, fn, args, returns)

    def list(self) -> list[str]:
        names = self._call("list", (), list)
        if not all(isinstance(n, str) for n in names):
            raise self._caller.failure(f"its backend {self._name!r} list()", "returned a name that is not a str")
        return names  # type: ignore[no-any-return]

    def read(self, name: str) -> bytes:
        return self._call("read", (name,), bytes)  # type: ignore[no-any-return]

    def create(self, name: str, data: bytes) -> None:
        self._call("create", (name, data), None)

    def delete(self, name: str) -> None:
        self._call("delete", (name,), None)

    @property
    def server_time(self) -> object:
        """The backend's optional ``server_time`` (tuiauth/core/backup/clock.py checks the value); a
        plain attribute read, so it is not sent to the plugin's thread, but a failing one is None."""
        try:
            return getattr(self._backend, "server_time", None)
        except Exception:
            return None

    def close(self) -> None:
        if self._worker.stuck:  # its thread is still inside an earlier call: leave it be
            return
        try:
            self._call("close", (), None)
        finally:
            self._worker.stop()


def _backend_factory(caller: Caller, spec: BackendSpec) -> Callable[[Mapping[str, str]], IsolatedBackend]:
    def factory(settings: Mapping[str, str]) -> IsolatedBackend:
        worker = PluginThread(caller.plugin)
        try:
            backend = worker.run(caller, f"its backend {spec.name!r} factory()", spec.factory, (settings,), None)
        except BaseException:
            worker.stop()
            raise
        return IsolatedBackend(caller, spec.name, worker, backend)

    return factory


Runner = Callable[[Caller, str, Callable[..., Any], Sequence[object], Returns], Any]

#: Per descriptor type: field → (how it runs, what it returns). Callable fields not listed here (a
#: descriptor may gain some) run on the caller's thread with their value unchecked.
_FIELDS: dict[type, dict[str, tuple[Runner, Returns]]] = {
    MethodSpec: {"code": (call, str), "validate": (call, None)},
    ImporterSpec: {
        "sniff": (bounded, (int, float)),
        "parse": (bounded, ImportResult),
        "parse_with_key_file": (bounded, ImportResult),
        "needs_password": (bounded, bool),
    },
    ExporterSpec: {"export": (bounded, bytes), "qr": (bounded, QrExport)},
    BackendSpec: {"describe": (call, str)},
    ReverifyFlow: {"run": (bounded, (ReverifyStep, ReverifyDone))},
}


_KINDS = {
    MethodSpec: "method",
    ImporterSpec: "importer",
    ExporterSpec: "exporter",
    BackendSpec: "backend",
    ReverifyFlow: "re-verification flow",
}


def _wrapped(caller: Caller, what: str, fn: Callable[..., Any], runner: Runner, returns: Returns) -> Callable[..., Any]:
    # The wrapper keeps the plugin's signature (``__wrapped__``): ``MethodSpec`` reads from it whether
    # ``code`` takes the device-bound values.
    @functools.wraps(fn)
    def isolated(*args: object) -> Any:
        return runner(caller, what, fn, args, returns)

    return isolated


def isolate(spec: SpecT, caller: Caller) -> SpecT:
    """A copy of the descriptor ``spec`` whose callables (and nested flows) are isolated."""
    if not dataclasses.is_dataclass(spec) or isinstance(spec, type):
        return spec
    known = next((table for base, table in _FIELDS.items() if isinstance(spec, base)), {})
    label = f"its {_KINDS.get(type(spec), 'descriptor')} {getattr(spec, 'name', '')!r}"
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(spec):
        value = getattr(spec, f.name)
        if not f.init:
            continue
        if isinstance(spec, BackendSpec) and f.name == "factory":
            changes[f.name] = _backend_factory(caller, spec)
        elif callable(value) and not isinstance(value, type):
            runner, returns = known.get(f.name, (call, None))
            changes[f.name] = _wrapped(caller, f"{label} {f.name}()", value, runner, returns)
        elif isinstance(value, tuple) and any(dataclasses.is_dataclass(v) for v in value):
            changes[f.name] = tuple(isolate(v, caller) for v in value)
    return dataclasses.replace(spec, **changes)  # type: ignore[type-var]
