"""A third-party plugin that misbehaves on demand: a method, an importer, an exporter and a folder
backend, each of whose callables can raise, return the wrong type or hang.

``Faulty(fault, where)``: ``fault`` is one of ``FAULTS``; ``where`` names the callables that misbehave
("code", "sniff", "parse", "export", "factory", "list", "read", "create"). Every exception it raises
holds ``CANARY`` in its text, which must never reach a screen or the command line. Installed as a
package, the plugin reads both from the environment: ``TUIAUTH_FAULTY_FAULT`` and
``TUIAUTH_FAULTY_WHERE`` (comma-separated); without them it behaves.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from tuiauth import (
    Account,
    AccountDraft,
    BackendExistsError,
    BackendNotFoundError,
    BackendSpec,
    ExporterSpec,
    FormField,
    ImporterSpec,
    ImportResult,
    MethodSpec,
    hookimpl,
)

CANARY = "canary-7f3e-secret"
FAULTS = ("ValueError", "SystemExit", "SystemExit0", "BaseException", "garbage", "hang")
#: The first bytes of a file this plugin's importer reads.
MAGIC = b"FAULTY EXPORT\n"


class Unusual(BaseException):
    """Neither an Exception nor SystemExit nor KeyboardInterrupt."""


class Faulty:
    def __init__(self, fault: str = "", where: Sequence[str] = ()) -> None:
        assert fault in ("", *FAULTS), fault
        self.fault = fault
        self.where = set(where)
        #: A hanging call waits for this (a test sets it when it is done).
        self.release = threading.Event()

    @classmethod
    def from_environment(cls) -> Faulty:
        where = os.environ.get("TUIAUTH_FAULTY_WHERE", "")
        return cls(os.environ.get("TUIAUTH_FAULTY_FAULT", ""), [w for w in where.split(",") if w])

    def act(self, name: str, good: object, garbage: object) -> object:
        """What callable ``name`` does: ``good`` when it behaves."""
        if name not in self.where or not self.fault:
            return good
        if self.fault == "ValueError":
            raise ValueError(f"{name} failed with {CANARY}")
        if self.fault == "SystemExit":
            raise SystemExit(f"{name} exits with {CANARY}")
        if self.fault == "SystemExit0":
            raise SystemExit(0)
        if self.fault == "BaseException":
            raise Unusual(f"{name} raised {CANARY}")
        if self.fault == "hang":
            self.release.wait()
            return good
        return garbage

    # --- the hooks ------------------------------------------------------------------------------
    @hookimpl
    def tuiauth_methods(self) -> list[MethodSpec]:
        def code(account: AccountDraft, at: float) -> str:
            return self.act("code", "F" * account.digits, 123456)  # type: ignore[return-value]

        return [MethodSpec(name="faulty", label="Faulty", code=code)]

    @hookimpl
    def tuiauth_importers(self) -> list[ImporterSpec]:
        def sniff(head: bytes, filename: str) -> float:
            return self.act("sniff", 1.0 if head.startswith(MAGIC) else 0.0, "surely")  # type: ignore[return-value]

        def parse(data: bytes, password: str | None) -> ImportResult:
            draft = AccountDraft(issuer="Faulty Import", name="carol", secret=b"0123456789abcdef")
            return self.act("parse", ImportResult(drafts=[draft]), None)  # type: ignore[return-value]

        return [ImporterSpec(name="faulty", label="Faulty", sniff=sniff, parse=parse, patterns=("*.faulty",))]

    @hookimpl
    def tuiauth_exporters(self) -> list[ExporterSpec]:
        def export(accounts: Sequence[Account], password: str | None) -> bytes:
            return self.act("export", b"".join(a.label.encode() + b"\n" for a in accounts), "text")  # type: ignore[return-value]

        return [ExporterSpec(name="faulty", label="Faulty", export=export, extension=".faulty")]

    @hookimpl
    def tuiauth_backends(self) -> list[BackendSpec]:
        def factory(settings: Mapping[str, str]) -> FolderBackend:
            return self.act("factory", FolderBackend(self, Path(settings["path"])), None)  # type: ignore[return-value]

        fields = (FormField(name="path", label="Folder", kind="path"),)
        return [BackendSpec(name="faulty", label="Faulty folder", fields=fields, factory=factory)]


class FolderBackend:
    """Objects as files in a folder, create-only."""

    def __init__(self, plugin: Faulty, folder: Path) -> None:
        self.plugin = plugin
        self.folder = folder

    def list(self) -> list[str]:
        names = sorted(p.name for p in self.folder.iterdir()) if self.folder.is_dir() else []
        return self.plugin.act("list", names, None)  # type: ignore[return-value]

    def read(self, name: str) -> bytes:
        try:
            data = (self.folder / name).read_bytes()
        except FileNotFoundError:
            raise BackendNotFoundError(f"there is no {name}") from None
        return self.plugin.act("read", data, "not bytes")  # type: ignore[return-value]

    def create(self, name: str, data: bytes) -> None:
        self.plugin.act("create", None, None)
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            with open(self.folder / name, "xb") as fh:
                fh.write(data)
        except FileExistsError:
            raise BackendExistsError(f"{name} exists") from None

    def delete(self, name: str) -> None:
        try:
            (self.folder / name).unlink()
        except FileNotFoundError:
            raise BackendNotFoundError(f"there is no {name}") from None

    def close(self) -> None:
        pass


plugin = Faulty.from_environment()
