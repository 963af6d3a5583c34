"""The restore service: one restore from one location, for the screens and the CLI (no UI here).

Every method that touches the network is synchronous: a screen calls it in a worker thread. Every
failure is a ``RestoreProblemError`` whose ``problem`` (``problems.py``) says what happened, what to
do and which action to offer; nothing else escapes (a backend plugin's bug included).

    service = RestoreService(plugins, Location(name="home", backend="webdav", settings={...}),
                             others=Location.all_configured(vault.data))
    choices = service.backups()                    # newest first; head marked; a problem when none
    source = service.unlock(secret="…")            # or recovery_key="…"; generation=N for an older one
    choices = service.backups()                    # now with account counts
    planned = service.plan(vault.data, methods, "strict")     # plan + warnings (rollback)
    report = service.apply(vault, planned)          # a problem when refused
    service.close()
    status = report.offer.accept(vault, plugins)   # only if the person said yes (see below)

Sharing is explicit: a restore from a location this vault does not have yet writes nothing there.
``report.offer`` (a ``ShareOffer``) says which devices back up there; ``offer.accept`` makes this
machine back up there too — syncing with them — and ``apply(…, share=True)`` does it at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .. import sealed
from ..backup import BackupInfo, merge_contents
from ..backup.devices import Device, device_labels, listed_devices, merge_seen
from ..backup.engine import BackupEngine
from ..backup.names import generation_of
from ..backup.reader import describe_object, open_object
from ..backup.state import LocationStatus
from ..errors import TuiauthError
from ..sealed import SealedHeader
from ..specs import Backend, BackendSpec, MethodSpec
from ..vaultdata import VaultData
from .apply import RestoreResult, apply_plan
from .location import Location, adopt_location, keys_from_unlocked
from .plan import Mode, RestorePlan
from .planner import plan_restore
from .problems import (
    ADD_BY_HAND,
    RestoreProblem,
    RestoreProblemError,
    Where,
    no_backup,
    not_empty,
    problem_of,
    rollback,
)

if TYPE_CHECKING:
    from ..vault import Vault

#: Backup objects read per listing (newest first): a hostile folder cannot make us read forever.
MAX_OBJECTS = 64


class Plugins(Protocol):
    def backend(self, name: str) -> BackendSpec: ...

    def methods(self) -> dict[str, MethodSpec]: ...


@dataclass(frozen=True)
class BackupChoice:
    """One backup at the location: its header facts, whether it is the head, and its account count
    once ``unlock`` has opened its backup set (``None`` before, or when another secret made it)."""

    info: BackupInfo
    head: bool
    accounts: int | None = None

    def to_json(self) -> dict[str, Any]:
        i = self.info
        return {
            "name": i.name, "generation": i.generation, "time": i.time, "device": i.device, "size": i.size,
            "valid": i.valid, "problem": i.problem, "head": self.head, "accounts": self.accounts,
        }  # fmt: skip


@dataclass(frozen=True)
class RestoreSource:
    """The opened backup: its contents and the generation(s) they come from."""

    data: VaultData
    generation: int
    objects: tuple[str, ...]
    #: Warnings about it (an older backup than one seen before); the restore may still go on.
    warnings: tuple[RestoreProblem, ...]
    #: The devices the backup names (its writer and the devices it listed), newest first.
    devices: tuple[Device, ...] = ()


@dataclass(frozen=True)
class PlannedRestore:
    plan: RestorePlan
    source: RestoreSource


@dataclass(frozen=True)
class ShareOffer:
    """Backing up to the location restored from, from this machine too (a sync with its devices)."""

    location: Location
    header: SealedHeader = field(repr=False)
    mk: bytes = field(repr=False)
    highest_seen: int
    #: The devices that back up there (from the restored backup), newest first.
    devices: tuple[Device, ...]
    #: The object restored from.
    restored_from: str | None = None

    @property
    def question(self) -> str:
        names = ", ".join(device_labels(self.devices)) or "another device"
        return (
            f"Back up to {self.location.name} from this machine too? It holds the backups of {names}; "
            "yes makes this machine sync with them through it, no writes nothing there."
        )

    def accept(self, vault: Vault, plugins: Plugins) -> LocationStatus:
        """Store the location with the unlocked key set, trusting its devices, and back up (a sync)."""
        keys = keys_from_unlocked(self.header, self.mk, vault.data.recovery_key)
        name = adopt_location(vault.data, self.location, keys, self.highest_seen, self.devices, self.restored_from)
        engine = BackupEngine(vault, plugins)
        (status,) = engine.backup_now(name)
        if status.last_error is not None:
            engine.save_state()
        return status


@dataclass(frozen=True)
class RestoreReport:
    result: RestoreResult
    #: The location name backup is on for after the restore, and its status after the first backup.
    location: str
    backup: LocationStatus | None
    warnings: tuple[RestoreProblem, ...]
    #: The question to ask when the location is new here (None: already configured, or accepted).
    offer: ShareOffer | None = None


class RestoreService:
    def __init__(self, plugins: Plugins, location: Location, *, others: Sequence[Location] = ()) -> None:
        self.plugins = plugins
        self.location = location
        self.others = [o for o in others if o.name != location.name]
        self._backend: Backend | None = None
        self._raw: dict[str, bytes] = {}
        self._infos: list[BackupInfo] = []
        self._unlocked: tuple[SealedHeader, bytes] | None = None
        self._counts: dict[str, int] = {}
        self._source: RestoreSource | None = None

    # --- where ------------------------------------------------------------------------------------
    @property
    def description(self) -> str:
        return self._describe(self.location)

    def _describe(self, location: Location) -> str:
        try:
            return self.plugins.backend(location.backend).describe(location.settings) or location.backend
        except Exception:  # a missing plugin or a failing describe() only costs the description
            return location.backend

    def _where(self, elsewhere: tuple[str, ...] = ()) -> Where:
        return Where(
            name=self.location.name,
            description=self.description,
            highest_seen=self.location.highest_seen,
            elsewhere=elsewhere,
        )

    def _fail(self, exc: Exception) -> RestoreProblemError:
        if isinstance(exc, TuiauthError):
            return RestoreProblemError(problem_of(exc, self._where()))
        spec = self.location.backend
        return RestoreProblemError(
            RestoreProblem(
                kind="plugin",
                message=f"the {spec} backend failed ({type(exc).__name__})",
                advice="retry, or report it to the plugin's authors",
                action="retry",
            )
        )

    def _connect(self) -> Backend:
        if self._backend is None:
            try:
                spec = self.plugins.backend(self.location.backend)
                self._backend = spec.factory(dict(self.location.settings))
            except Exception as exc:  # plugins may raise anything; the person gets one line
                raise self._fail(exc) from None
        return self._backend

    # --- listing ------------------------------------------------------------------------------------
    def backups(self) -> list[BackupChoice]:
        """The backups at the location, newest first (read once, then remembered)."""
        if not self._infos:
            backend = self._connect()
            try:
                names = [n for n in backend.list() if generation_of(n) is not None]
                names.sort(key=lambda n: (generation_of(n) or 0, n), reverse=True)
                for name in names[:MAX_OBJECTS]:
                    raw = backend.read(name)
                    self._raw[name] = raw
                    self._infos.append(describe_object(name, raw)[0])
            except Exception as exc:
                self._raw.clear()
                self._infos.clear()
                raise self._fail(exc) from None
            if self._infos and not any(i.valid for i in self._infos):
                infos, self._infos = self._infos, []
                raise RestoreProblemError(
                    RestoreProblem(
                        kind="damaged",
                        message=f"none of the {len(infos)} backups at {self.location.name} can be used "
                        f"({infos[0].name}: {infos[0].problem})",
                        advice=f"backups restore from where they were made; if they are lost, {ADD_BY_HAND}",
                        action="add-account",
                    )
                )
            if not self._infos:
                raise RestoreProblemError(no_backup(self._where(self._elsewhere())))
        head = self._head_generation()
        return [BackupChoice(i, i.valid and i.generation == head, self._counts.get(i.name)) for i in self._infos]

    def _head_generation(self) -> int:
        return max((i.generation for i in self._infos if i.valid), default=0)

    def _elsewhere(self) -> tuple[str, ...]:
        """Configured locations that hold backups (a problem says what was found where)."""
        found: list[str] = []
        for other in self.others:
            try:
                backend = self.plugins.backend(other.backend).factory(dict(other.settings))
                try:
                    count = sum(1 for n in backend.list() if generation_of(n) is not None)
                finally:
                    backend.close()
            except Exception:  # noqa: S112 - an unreachable other location is simply not listed
                continue
            if count:
                found.append(f"{other.name} ({self._describe(other)})")
        return tuple(found)

    # --- opening ------------------------------------------------------------------------------------
    def unlock(
        self, *, secret: str | None = None, recovery_key: str | None = None, generation: int | None = None
    ) -> RestoreSource:
        """Open generation ``generation`` (the head by default) with the recovery secret or the
        recovery key: one key derivation; a fork at that generation is merged. The other backups of
        the same set then get their account counts (no further derivation)."""
        if (secret is None) == (recovery_key is None):
            raise ValueError("give exactly one of secret or recovery_key")
        choices = self.backups()
        target = generation if generation is not None else self._head_generation()
        names = [c.info.name for c in choices if c.info.valid and c.info.generation == target]
        if not names:
            known = ", ".join(str(g) for g in sorted({c.info.generation for c in choices if c.info.valid}))
            raise RestoreProblemError(
                RestoreProblem(
                    kind="no-backup",
                    message=f"there is no usable backup of generation {target} at {self.location.name} "
                    f"(generations there: {known})",
                    advice="choose one of those generations",
                    action="choose-backup",
                )
            )
        try:
            header = sealed.read_header(self._raw[names[0]], what="backup")
            if secret is not None:
                mk = sealed.unlock_password(header, secret)
            else:
                assert recovery_key is not None
                mk = sealed.unlock_recovery(header, recovery_key)
            self._unlocked = (header, mk)
            contents = [open_object(n, self._raw[n], mk, header.vault_id)[1] for n in names]
        except TuiauthError as exc:
            raise RestoreProblemError(problem_of(exc, self._where())) from None
        self._count_accounts(header.vault_id, mk)
        data = merge_contents(contents[0], contents[1:]) if len(contents) > 1 else contents[0]
        seen = merge_seen(*(listed_devices(c) for c in contents))
        devices = tuple(sorted(seen.values(), key=lambda d: d.seen, reverse=True))
        self._source = RestoreSource(data, target, tuple(names), self._warnings(target), devices)
        return self._source

    def _count_accounts(self, backup_id: str, mk: bytes) -> None:
        for info in self._infos:
            if info.valid and info.name not in self._counts:
                try:
                    self._counts[info.name] = len(
                        open_object(info.name, self._raw[info.name], mk, backup_id)[1].accounts
                    )
                except TuiauthError:
                    continue

    def _warnings(self, chosen: int) -> tuple[RestoreProblem, ...]:
        head = self._head_generation()
        if chosen < head:
            return (rollback(chosen, head, seen_before=False),)
        if chosen < self.location.highest_seen:
            return (rollback(chosen, self.location.highest_seen, seen_before=True),)
        return ()

    # --- planning and applying ------------------------------------------------------------------------
    def plan(self, local: VaultData, methods: Mapping[str, MethodSpec], mode: Mode = "strict") -> PlannedRestore:
        if self._source is None:
            raise ValueError("unlock a backup before planning")
        return PlannedRestore(plan_restore(local, self._source.data, methods, mode), self._source)

    def apply(self, vault: Vault, planned: PlannedRestore, *, share: bool = False) -> RestoreReport:
        """Apply the plan (``not-empty`` / ``vault-changed`` problems when it cannot be). A configured
        location keeps its backup as it is, with the new sign-in values if some were given. A new one
        is written to only when ``share`` (the person said yes); otherwise the report carries the offer."""
        plan = planned.plan
        if plan.refused is not None:
            local = tuple(a.label for a in plan.local_accounts)
            raise RestoreProblemError(not_empty(plan.refused.reason, plan.refused.way_out, local))
        try:
            result = apply_plan(vault, plan)
        except TuiauthError as exc:
            raise RestoreProblemError(problem_of(exc, self._where())) from None
        name, status, offer = self.location.name, None, None
        warnings = planned.source.warnings
        if self.location.configured and self.location.new_sign_in:
            try:
                status = BackupEngine(vault, self.plugins).sign_in(name, self.location.new_sign_in)
            except TuiauthError as exc:  # the restore is done; only storing the new sign-in failed
                problem = problem_of(exc, self._where())
                warnings = (*warnings, RestoreProblem(
                    kind=problem.kind, message=f"the new sign-in values were not stored: {problem.message}",
                    advice="sign in again from the backup settings", action="sign-in", warning=True,
                ))  # fmt: skip
        elif not self.location.configured and self._unlocked is not None:
            header, mk = self._unlocked
            highest = max(self._head_generation(), self.location.highest_seen)
            source = planned.source
            offer = ShareOffer(self.location, header, mk, highest, source.devices, source.objects[0])
            if share:
                status, offer = offer.accept(vault, self.plugins), None
                name = status.name
        return RestoreReport(result, name, status, warnings, offer)

    def close(self) -> None:
        if self._backend is not None:
            with contextlib.suppress(Exception):  # closing a broken connection must not hide the result
                self._backend.close()
            self._backend = None
