"""Every call into plugin code is isolated (tuiauth/core/plugincall.py): an unexpected exception —
SystemExit and other BaseExceptions included — a wrong return type or a hang becomes a PluginError
naming the plugin and what happened, never the exception's text; a plugin's own TuiauthError passes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faulty import CANARY, MAGIC, RAISED, Faulty
from tuiauth import AccountDraft, BackendNotFoundError, ImportResult
from tuiauth.core.errors import ImportFormatError, PluginError
from tuiauth.pluginmanager import PluginManager

DRAFT = AccountDraft(issuer="X", secret=b"0123456789abcdef")


@pytest.fixture
def plugins() -> Iterator[list[object]]:
    """Faulty plugins made by a test; any hanging call is released at the end."""
    made: list[object] = []
    yield made
    for plugin in made:
        plugin.release.set()  # type: ignore[attr-defined]


def manager(plugins: list[object], fault: str, *where: str, timeout: float = 30) -> PluginManager:
    plugin = Faulty(fault, where)
    plugins.append(plugin)
    pm = PluginManager(entrypoints=False, call_timeout=lambda: timeout)
    pm.register(plugin, "faulty", package="tuiauth-faulty")
    return pm


def failure(call: object) -> PluginError:
    with pytest.raises(PluginError) as caught:
        call()  # type: ignore[operator]
    error = caught.value
    assert error.plugin == "faulty" and "the plugin 'faulty' failed" in error.message
    assert CANARY not in error.message and CANARY not in repr(error)
    assert error.__cause__ is None and error.__context__ is None, "the plugin's exception is not chained"
    return error


@pytest.mark.parametrize("fault", sorted(RAISED))
def test_an_exception_of_any_kind_becomes_a_plugin_error_naming_the_plugin(plugins: list[object], fault: str) -> None:
    pm = manager(plugins, fault, "code", "sniff", "parse", "export", "factory")
    method, importer, exporter = pm.method("faulty"), pm.importer("faulty"), pm.exporter("faulty")
    raised = RAISED[fault]
    assert failure(lambda: method.code(DRAFT, 0)).message.endswith(f"its method 'faulty' code() raised {raised}")
    assert failure(lambda: importer.sniff(MAGIC, "x")).message.endswith(f"importer 'faulty' sniff() raised {raised}")
    assert failure(lambda: importer.parse(MAGIC, None)).message.endswith(f"parse() raised {raised}")
    assert failure(lambda: exporter.export([], None)).message.endswith(f"export() raised {raised}")
    spec = pm.backend("faulty")
    assert failure(lambda: spec.factory({"path": "/nowhere"})).message.endswith(f"factory() raised {raised}")
    assert {i.name: i for i in pm.info()}["faulty"].runtime_error.endswith(f"raised {raised}")


def test_a_wrong_return_type_is_a_plugin_error(plugins: list[object], tmp_path: Path) -> None:
    pm = manager(plugins, "garbage", "code", "sniff", "parse", "export", "list", "read")
    assert failure(lambda: pm.method("faulty").code(DRAFT, 0)).message.endswith("code() returned int, not str")
    importer = pm.importer("faulty")
    assert failure(lambda: importer.sniff(b"", "x")).message.endswith("sniff() returned str, not int or float")
    assert failure(lambda: importer.parse(b"", None)).message.endswith("parse() returned NoneType, not ImportResult")
    assert failure(lambda: pm.exporter("faulty").export([], None)).message.endswith("returned str, not bytes")
    backend = pm.backend("faulty").factory({"path": str(tmp_path)})
    try:
        assert failure(backend.list).message.endswith("its backend 'faulty' list() returned NoneType, not list")
        (tmp_path / "object").write_bytes(b"data")
        assert failure(lambda: backend.read("object")).message.endswith("read() returned str, not bytes")
    finally:
        backend.close()


def test_typed_errors_and_keyboard_interrupt_pass_through(plugins: list[object], tmp_path: Path) -> None:
    pm = manager(plugins, "")
    backend = pm.backend("faulty").factory({"path": str(tmp_path)})
    with pytest.raises(BackendNotFoundError, match="there is no missing"):
        backend.read("missing")
    backend.close()

    interrupted = Faulty()
    interrupted.act = lambda *args: (_ for _ in ()).throw(KeyboardInterrupt())  # type: ignore[method-assign]
    pm2 = PluginManager(entrypoints=False)
    pm2.register(interrupted, "interrupted")
    with pytest.raises(KeyboardInterrupt):
        pm2.method("faulty").code(DRAFT, 0)
    with pytest.raises(KeyboardInterrupt):
        pm2.importer("faulty").sniff(b"", "x")


def test_a_call_that_hangs_is_given_up_on_and_names_the_plugin(plugins: list[object], tmp_path: Path) -> None:
    pm = manager(plugins, "hang", "parse", "list", timeout=0.2)
    error = failure(lambda: pm.importer("faulty").parse(MAGIC, None))
    assert error.message.endswith("its importer 'faulty' parse() did not answer within 0.2 s; tuiauth gave up on it")
    backend = pm.backend("faulty").factory({"path": str(tmp_path)})
    assert "list() did not answer" in failure(backend.list).message
    # The backend's thread is still inside list(): later calls fail at once instead of queueing.
    assert "read() was not called: an earlier call never finished" in failure(lambda: backend.read("x")).message
    backend.close()


def test_each_backend_runs_on_one_thread_of_its_own(plugins: list[object], tmp_path: Path) -> None:
    pm = manager(plugins, "")
    seen: list[str] = []
    backend = pm.backend("faulty").factory({"path": str(tmp_path)})
    inner = backend._backend  # type: ignore[attr-defined]
    original = inner.list
    inner.list = lambda: seen.append(threading.current_thread().name) or original()
    backend.list()
    backend.create("a", b"1")
    backend.list()
    backend.close()
    assert len(set(seen)) == 1 and seen[0] != threading.current_thread().name


def test_detection_reports_an_importer_whose_sniff_fails(plugins: list[object]) -> None:
    from tuiauth.core import importing

    pm = manager(plugins, "SystemExit0", "sniff")
    warnings: list[str] = []
    with pytest.raises(ImportFormatError, match="does not recognise"):
        importing.detect_format(pm.importers(), b"FAULTY EXPORT\n", "x.faulty", warn=warnings.append)
    assert warnings == ["the plugin 'faulty' failed: its importer 'faulty' sniff() raised SystemExit; "
                        "the Faulty format was not considered"]  # fmt: skip
    uri = b"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A\n"
    warnings.clear()
    assert importing.detect_format(pm.importers(), uri, "codes.txt", warn=warnings.append).name != "faulty"
    assert len(warnings) == 1


def test_a_plugins_result_is_used_when_it_behaves(plugins: list[object]) -> None:
    pm = manager(plugins, "")
    assert pm.method("faulty").code(DRAFT, 0) == "FFFFFF"
    result = pm.importer("faulty").parse(MAGIC, None)
    assert isinstance(result, ImportResult) and result.drafts[0].issuer == "Faulty Import"


def test_the_failure_log_keeps_each_plugins_last_failure(tmp_path: Path) -> None:
    import stat

    from tuiauth.core.plugin_failures import Failure, FailureLog

    path = tmp_path / "data" / "plugin-failures.json"
    path.parent.mkdir()
    path.write_text("{not json")
    log = FailureLog(path, lambda: 100.0)
    assert log.read() == {}, "a damaged file reads as no failures"
    log.record("a", "the plugin 'a' failed: its method 'a' code() raised ValueError")
    log.record("b", "the plugin 'b' failed: its importer 'b' parse() raised SystemExit")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert FailureLog(path, lambda: 0.0).read()["a"] == Failure(
        "the plugin 'a' failed: its method 'a' code() raised ValueError", 100.0
    )
    path.unlink()
    log.record("a", "the plugin 'a' failed: its method 'a' code() raised ValueError")
    assert not path.exists(), "the same failure again (a method at every period) is not written again"
