"""Importing a file: detect its format, parse it, review it against the vault, apply it.

The review sorts every parsed entry into *new*, *duplicate* (the same secret and parameters are
already in the vault, or earlier in the file) or *conflict* (the same issuer and account name with a
different secret). Applying is all-or-nothing and never overwrites: new entries are added, duplicates
skipped, and a conflict is added — as a separate account, beside the existing one — only when the user
chose it by its index. The CLI and the import screen both use these functions.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .accounts import Account, AccountDraft
from .errors import ImportFormatError, PluginError, TuiauthError
from .specs import ImporterSpec, ImportProblem, ImportResult, MethodSpec

if TYPE_CHECKING:
    from .vault import Vault

#: Larger than any real export; each importer applies its own, usually smaller, cap too.
MAX_IMPORT_FILE = 64 * 1024 * 1024
SNIFF_BYTES = 64 * 1024

Status = Literal["new", "duplicate", "conflict"]


#: Formats that are folders (a pass store, a steamguard-cli maFiles folder) are read as a ZIP of
#: their files, the same bytes a ZIP the user made of the folder would give the importer. Caps:
MAX_FOLDER_FILES = 20_000
MAX_FOLDER_DEPTH = 32


def read_import_path(path: Path) -> bytes:
    """A file's bytes (``read_import_file``), or a folder's files packed as an uncompressed ZIP."""
    try:
        is_folder = path.is_dir()
    except OSError:
        is_folder = False
    return read_import_folder(path) if is_folder else read_import_file(path)


def read_import_folder(folder: Path) -> bytes:
    """The regular files under ``folder`` as an in-memory ZIP (names relative to the folder).

    Hidden folders (``.git``, ``.extensions``) and symbolic links are left out; hidden files (a pass
    store's ``.gpg-id``) are kept. More than ``MAX_FOLDER_FILES`` files, deeper than
    ``MAX_FOLDER_DEPTH`` or over ``MAX_IMPORT_FILE`` bytes in all is refused: that is not an export.
    Top-level files come first (a sniffer sees ``.gpg-id`` or ``manifest.json`` in the head).
    """
    buffer = io.BytesIO()
    count = total = 0
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            pending: list[tuple[str, str]] = [(str(folder), "")]
            while pending:
                path, prefix = pending.pop(0)
                if prefix.count("/") >= MAX_FOLDER_DEPTH:
                    raise ImportFormatError(f"{folder} is nested too deep to be an export folder")
                with os.scandir(path) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if not entry.name.startswith("."):
                            pending.append((entry.path, f"{prefix}{entry.name}/"))
                        continue
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    count += 1
                    size = entry.stat(follow_symlinks=False).st_size
                    if count > MAX_FOLDER_FILES or total + size > MAX_IMPORT_FILE:
                        raise ImportFormatError(
                            f"{folder} holds more than {MAX_FOLDER_FILES:,} files or {MAX_IMPORT_FILE // 2**20} MiB: "
                            "choose the export folder itself"
                        )
                    with open(entry.path, "rb") as fh:
                        content = fh.read(size + 1)  # a file that grew meanwhile is still counted below
                    total += len(content)
                    archive.writestr(prefix + entry.name, content)
    except OSError as exc:
        raise ImportFormatError(f"cannot read the folder {folder}: {exc.strerror or exc}") from None
    if not count:
        raise ImportFormatError(f"the folder {folder} has no files to import")
    return buffer.getvalue()


def read_import_file(path: Path) -> bytes:
    """The file's bytes, refusing folders, devices and anything over ``MAX_IMPORT_FILE``."""
    try:
        info = path.stat()
        if not path.is_file():
            raise ImportFormatError(f"{path} is not a regular file")
        if info.st_size > MAX_IMPORT_FILE:
            raise ImportFormatError(f"{path} is {info.st_size // 2**20} MiB; an export is never that large")
        with open(path, "rb") as fh:
            data = fh.read(MAX_IMPORT_FILE + 1)
    except FileNotFoundError:
        raise ImportFormatError(f"there is no file at {path}") from None
    except OSError as exc:
        raise ImportFormatError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_IMPORT_FILE:
        raise ImportFormatError(f"{path} grew past {MAX_IMPORT_FILE // 2**20} MiB while being read")
    return data


def detect_format(
    importers: Mapping[str, ImporterSpec], data: bytes, filename: str, *, warn: Callable[[str], None]
) -> ImporterSpec:
    """The importer most confident it reads this file; a clear error when none or two tie.

    An importer whose ``sniff`` fails is left out of the choice and ``warn`` is told which plugin
    failed (``tuiauth/core/plugincall.py`` made the failure a ``PluginError`` naming it)."""
    head = data[:SNIFF_BYTES]
    scores: list[tuple[float, str]] = []
    for name, spec in importers.items():
        try:
            score = float(spec.sniff(head, os.path.basename(filename)))
        except PluginError as exc:
            warn(f"{exc.message}; the {spec.label} format was not considered")
            continue
        if score > 0:
            scores.append((min(score, 1.0), name))
    if not scores:
        raise ImportFormatError(
            "tuiauth does not recognise this file's format: 'tuiauth import --list' names the formats, "
            "and --format NAME chooses one"
        )
    scores.sort(reverse=True)
    if len(scores) > 1 and scores[1][0] == scores[0][0]:
        tied = ", ".join(sorted(name for score, name in scores if score == scores[0][0]))
        raise ImportFormatError(f"this file could be any of: {tied}; choose one with --format NAME")
    return importers[scores[0][1]]


def parse_with(spec: ImporterSpec, data: bytes, password: str | None, key_file: bytes | None = None) -> ImportResult:
    """Run an importer. A plugin's unexpected failure, wrong result or hang arrives as a
    ``PluginError`` naming it (the plugin manager isolates every importer).

    ``key_file`` (the bytes of a KeePass key file) goes to ``spec.parse_with_key_file``; a format
    without one refuses it.
    """
    if key_file is None:
        return spec.parse(data, password)
    if spec.parse_with_key_file is None:
        raise ImportFormatError(f"the {spec.label} format has no key file; leave it out")
    return spec.parse_with_key_file(data, password, key_file)


def needs_password(spec: ImporterSpec, data: bytes) -> bool:
    return spec.needs_password(data)


@dataclass
class ReviewItem:
    index: int
    draft: AccountDraft
    status: Status
    #: The vault account it duplicates or conflicts with (None for new ones and in-file duplicates).
    existing: Account | None = None
    #: For a duplicate within the file: the entry before it that it repeats.
    earlier: AccountDraft | None = None
    #: Whether the entry's method counts uses instead of time (its codes follow its counter).
    counter_based: bool = False


@dataclass
class Review:
    format: str
    items: list[ReviewItem] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for item in self.items if item.status == status)


def _identity(draft: AccountDraft) -> tuple[str, str]:
    return draft.issuer.casefold().strip(), draft.name.casefold().strip()


def _credentials(draft: AccountDraft, methods: Mapping[str, MethodSpec]) -> tuple[object, ...]:
    """What ``AccountDraft.same_credentials`` compares, as a dict key (one lookup per entry)."""
    method = methods.get(draft.type)
    period = None if method is not None and method.counter_based else draft.period
    return draft.secret, draft.type, draft.algorithm, draft.digits, period


def review(
    spec: ImporterSpec, result: ImportResult, accounts: Sequence[Account], methods: Mapping[str, MethodSpec]
) -> Review:
    """Classify each parsed entry against the vault's accounts (and the entries before it)."""
    out = Review(format=spec.name, problems=list(result.problems))
    by_credentials: dict[tuple[object, ...], Account] = {}
    by_identity: dict[tuple[str, str], Account] = {}
    for account in accounts:
        by_credentials.setdefault(_credentials(account, methods), account)
        by_identity.setdefault(_identity(account), account)
    seen: dict[tuple[object, ...], AccountDraft] = {}
    for index, draft in enumerate(result.drafts):
        key = _credentials(draft, methods)
        method = methods.get(draft.type)
        counter_based = method is not None and method.counter_based
        duplicate = by_credentials.get(key)
        if duplicate is not None:
            out.items.append(ReviewItem(index, draft, "duplicate", duplicate, counter_based=counter_based))
        elif key in seen:
            out.items.append(ReviewItem(index, draft, "duplicate", earlier=seen[key], counter_based=counter_based))
        else:
            rival = by_identity.get(_identity(draft))
            out.items.append(
                ReviewItem(index, draft, "conflict" if rival else "new", rival, counter_based=counter_based)
            )
        seen.setdefault(key, draft)
    return out


@dataclass
class ImportOutcome:
    added: list[Account]
    skipped_duplicates: int
    conflicts_left: list[ReviewItem]


def apply_import(
    vault: Vault,
    plan: Review,
    methods: Mapping[str, MethodSpec],
    include_conflicts: Collection[int] = (),
) -> ImportOutcome:
    """Add the new entries (and the chosen conflicts) in one save, or nothing at all.

    Every chosen draft is validated by its method first; one that cannot work aborts the whole import
    with its reason, before anything is written.
    """
    unknown = set(include_conflicts) - {i.index for i in plan.items if i.status == "conflict"}
    if unknown:
        raise ImportFormatError(f"entry {min(unknown)} is not a conflict in this file; nothing was imported")
    chosen = [i for i in plan.items if i.status == "new" or (i.status == "conflict" and i.index in include_conflicts)]
    for item in chosen:
        method = methods.get(item.draft.type)
        if method is None:
            raise ImportFormatError(
                f"entry {item.index} ({item.draft.label}) is a {item.draft.type!r} account and no installed "
                "method computes those; nothing was imported"
            )
        try:
            method.accept(item.draft)
        except TuiauthError as exc:
            reason = f"entry {item.index} ({item.draft.label}): {exc.message}"
            raise ImportFormatError(f"{reason}; nothing was imported") from None
    added = [Account.from_draft(item.draft) for item in chosen]
    if added:
        before = len(vault.data.accounts)
        vault.data.accounts.extend(added)
        try:
            vault.save()
        except BaseException:
            del vault.data.accounts[before:]
            raise
    left = [i for i in plan.items if i.status == "conflict" and i.index not in include_conflicts]
    return ImportOutcome(added=added, skipped_duplicates=plan.count("duplicate"), conflicts_left=left)
