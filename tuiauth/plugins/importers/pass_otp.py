"""pass (the standard Unix password manager) stores with pass-otp entries: the ``~/.password-store``
folder, or a ZIP of it.

Every ``*.gpg`` file of the store (hidden folders such as ``.git`` left out) is decrypted by the
user's own ``gpg``, exactly as ``pass show`` does: the ciphertext goes in on standard input, and
gpg-agent asks for the key's passphrase itself when it needs one — tuiauth never asks for it and
never sees it. The ``otpauth://`` lines of each entry are its accounts (pass-otp keeps one, on any
line); entries without one are ordinary passwords and are passed over. An entry's folder becomes
the account's group, and its file name fills an issuer the URI lacks. **HOTP counter**: ``pass otp``
adds one to the stored counter before it shows a code, so the stored value is the last counter
used; tuiauth imports stored + 1, the next one (the code ``pass otp`` would show next).

The first entry is decrypted alone, so gpg-agent asks for a passphrase once; the rest run a few gpg
processes at a time. gpg failing on one entry (a key not held here) is that entry's problem; gpg
missing, or failing on the first entry, fails the import with gpg's own last line.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit.errors import AccountError, ImportFormatError
from ...plugin_kit.importing import EntryCollector, clean, guarded, has_suffix
from ...plugin_kit.otpauth import parse_otp_value
from ._methods import key_uri_methods
from ._zip import head_names, is_zip, read_zip, zip_names

WHAT = "pass store"
#: A pass store is a folder of one file per entry: thousands are normal.
MAX_STORE_ENTRIES = 20_000
#: gpg processes running at once after the first entry.
GPG_WORKERS = 4
#: One entry's decryption; the first has none (gpg-agent may be waiting for the user's passphrase).
GPG_TIMEOUT_SECONDS = 120
_MARKER = ".gpg-id"


@dataclass(frozen=True)
class Decrypted:
    ok: bool
    #: The plaintext when ``ok``, else gpg's last line of complaint.
    text: str


def gpg_program() -> str:
    """The gpg that ``pass`` itself would use (``gpg2`` first, then ``gpg``)."""
    program = shutil.which("gpg2") or shutil.which("gpg")
    if program is None:
        raise ImportFormatError("reading a pass store needs gpg, and it is not installed (or not on PATH)")
    return program


def decrypt_with_gpg(program: str, ciphertext: bytes, timeout: float | None) -> Decrypted:
    """One entry through ``gpg --decrypt``, as ``pass show`` runs it (batch mode, gpg-agent)."""
    try:
        done = subprocess.run(  # fixed arguments; the ciphertext goes in on stdin
            [program, "--decrypt", "--quiet", "--yes", "--batch", "--use-agent", "--no-tty"],
            input=ciphertext,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Decrypted(False, f"gpg gave no answer within {timeout:.0f} s")
    except OSError as exc:
        raise ImportFormatError(f"gpg could not be started: {exc.strerror or exc}") from None
    if done.returncode != 0:
        lines = [clean(line) for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        return Decrypted(False, lines[-1][:200] if lines else f"gpg failed (exit status {done.returncode})")
    return Decrypted(True, done.stdout.decode("utf-8", "replace"))


def _entries(files: dict[str, bytes]) -> dict[str, bytes]:
    """``{entry name: ciphertext}``: the ``.gpg`` files outside hidden folders, the name without it."""
    found = {}
    for name, content in files.items():
        parts = name.split("/")
        if name.endswith(".gpg") and not any(part.startswith(".") for part in parts[:-1]):
            found[name[: -len(".gpg")]] = content
    return found


def _store_root(names: list[str]) -> str:
    """The store's folder inside the ZIP (where the top ``.gpg-id`` is), with a trailing slash."""
    markers = sorted((n for n in names if n.rsplit("/", 1)[-1] == _MARKER), key=lambda n: n.count("/"))
    return markers[0][: -len(_MARKER)] if markers else ""


def _add_accounts(collector: EntryCollector, entry: str, plaintext: str, methods: Mapping[str, Any]) -> None:
    folder, _, leaf = entry.rpartition("/")
    for line in plaintext.splitlines():
        line = line.strip()
        if not line.lower().startswith("otpauth://"):
            continue
        with collector.entry(entry):
            draft = parse_otp_value(line, methods, default_issuer=leaf)
            if draft.type == "hotp":
                draft.counter += 1  # pass-otp keeps the last counter used; tuiauth keeps the next
            if folder:
                draft.groups = [folder]
            collector.add(draft)


def read_store(data: bytes, decrypt: Callable[[bytes, float | None], Decrypted]) -> ImportResult:
    """The accounts of a pass store given as a ZIP, each entry decrypted by ``decrypt``."""
    if not is_zip(data):
        raise ImportFormatError(f"this is not a {WHAT}: choose the store's folder (usually ~/.password-store)")
    files = read_zip(data, WHAT, None, max_entries=MAX_STORE_ENTRIES)
    root = _store_root(list(files))
    if root:
        files = {name[len(root) :]: content for name, content in files.items() if name.startswith(root)}
    entries = _entries(files)
    if not entries:
        raise ImportFormatError(f"this {WHAT} has no entries (*.gpg files)")
    names = sorted(entries)
    first = decrypt(entries[names[0]], None)
    if not first.ok:
        raise ImportFormatError(f"gpg could not decrypt the store's first entry ({names[0]}): {first.text}")
    with ThreadPoolExecutor(max_workers=GPG_WORKERS) as pool:
        rest = list(pool.map(lambda name: decrypt(entries[name], GPG_TIMEOUT_SECONDS), names[1:]))
    collector = EntryCollector()
    methods = key_uri_methods()
    for name, result in zip(names, [first, *rest], strict=True):
        if result.ok:
            _add_accounts(collector, name, result.text, methods)
        else:
            with collector.entry(name):
                raise AccountError(f"gpg could not decrypt it: {result.text}")
    return collector.result


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    program = gpg_program() if is_zip(data) else ""
    return read_store(data, lambda ciphertext, timeout: decrypt_with_gpg(program, ciphertext, timeout))


def sniff(head: bytes, filename: str) -> float:
    if not is_zip(head):
        return 0.0
    try:
        names = zip_names(head, WHAT, MAX_STORE_ENTRIES)
    except ImportFormatError:
        names = head_names(head)  # a large ZIP: its central directory is past the sniffed head
    bases = {name.rsplit("/", 1)[-1] for name in names}
    if _MARKER in bases and any(has_suffix(name, ".gpg") for name in names):
        return 0.95
    return 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="pass-otp",
            label="pass / pass-otp store (folder)",
            sniff=sniff,
            parse=parse,
            patterns=(".password-store", "*.zip"),
            description="A pass password store (~/.password-store) whose entries hold otpauth:// lines "
            "(pass-otp); decrypted by your own gpg and gpg-agent.",
            app="pass (pass-otp)",
            how="Pick the store's folder, usually ~/.password-store (or a ZIP of it). Your gpg decrypts it; "
            "gpg-agent asks for your key's passphrase if it needs it, never tuiauth.",
        )
    ]
