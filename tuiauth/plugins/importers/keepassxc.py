"""KeePassXC (and KeePass) databases: ``.kdbx`` files, KDBX 3.1 or 4, password and/or key file.

The header is read here first (``_kdbx_header``) and the key derivation's cost checked against
tuiauth's caps *before* deriving anything: a hostile file gets ``ImportParametersError``. The key is
then derived by ``tuiauth.core.crypto`` (AES-KDF runs in the AES library, not a Python loop) and the
database decrypted and parsed by pykeepass with that key.

Which entries become accounts — every entry outside the recycle bin and the history that has:

* an ``otp`` attribute: an ``otpauth://`` URI as KeePassXC writes it (Steam as ``encoder=steam``),
  or the KeeOTP form ``key=SECRET&step=30&size=6&otpHashMode=sha256`` KeePassXC also reads;
* or the older KeePassXC pair ``TOTP Seed`` (base32) and ``TOTP Settings`` (``period;digits`` where
  digits ``S`` means Steam, optionally ``;algorithm``).

The URI's issuer and account win; the entry's title and user name fill what it lacks; the group
path (below the root) becomes the account's group. Passwords and notes are never read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from tuiauth import AccountDraft, ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.encoding import b32decode
from ...plugin_kit.errors import (
    AccountError,
    ImportFormatError,
    ImportParametersError,
    ImportPasswordError,
    UnsafeParametersError,
)
from ...plugin_kit.importing import (
    EntryCollector,
    algorithm,
    check_size,
    clean,
    entry_label,
    guarded,
    has_suffix,
    require_password,
)
from ...plugin_kit.otpauth import parse_otp_value
from ._kdbx_header import KdbxKdf, is_kdbx, read_header
from ._methods import key_uri_methods

WHAT = "KeePassXC database"
STEAM_DIGITS = 5
#: A database of 10,000 entries with TOTP is about 2 MiB; 16 MiB leaves room for attachments.
MAX_KDBX_BYTES = 16 * 1024 * 1024


def check_kdf(kdf: KdbxKdf) -> None:
    """Refuse key-derivation work beyond the caps, with the numbers, before anything is derived."""
    if kdf.kind == "aes":
        if not 1 <= kdf.rounds <= crypto.MAX_AES_KDF_ROUNDS:
            raise ImportParametersError(
                f"this {WHAT} asks for {kdf.rounds:,} AES-KDF rounds; tuiauth derives at most "
                f"{crypto.MAX_AES_KDF_ROUNDS:,} (lower the database's decryption time in KeePassXC)"
            )
        return
    memory_kib = kdf.memory_bytes // 1024
    if kdf.memory_bytes % 1024 or not 1 <= memory_kib <= crypto.MAX_ARGON2_MEMORY_KIB:
        raise ImportParametersError(
            f"this {WHAT} asks Argon2 for {kdf.memory_bytes / 2**20:,.0f} MiB of memory; tuiauth allows "
            f"at most {crypto.MAX_ARGON2_MEMORY_KIB // 1024} MiB"
        )
    if kdf.passes < 1 or memory_kib * kdf.passes > crypto.MAX_KDBX_ARGON2_WORK_KIB:
        raise ImportParametersError(
            f"this {WHAT} asks Argon2 for {kdf.passes:,} passes over {memory_kib // 1024} MiB; tuiauth allows "
            "at most 16 GiB × passes of work (lower the database's decryption time in KeePassXC)"
        )
    if not 1 <= kdf.lanes <= crypto.MAX_ARGON2_LANES:
        raise ImportParametersError(
            f"this {WHAT} asks Argon2 for {kdf.lanes:,} lanes; tuiauth allows 1 to {crypto.MAX_ARGON2_LANES}"
        )


def _transformed_key(kdf: KdbxKdf, composite: bytes) -> bytes:
    try:
        if kdf.kind == "aes":
            return crypto.aes_kdf(composite, kdf.salt, kdf.rounds)
        params = crypto.KdfParams(memory_kib=kdf.memory_bytes // 1024, iterations=kdf.passes, lanes=kdf.lanes)
        variant = "d" if kdf.kind == "argon2d" else "id"
        return crypto.argon2_kdbx(composite, kdf.salt, params, variant=variant, version=kdf.version)
    except UnsafeParametersError as exc:
        raise ImportParametersError(f"this {WHAT} cannot be opened: {exc.message}") from None


def _open(data: bytes, password: str | None, key_file: bytes | None) -> Any:
    """The decrypted pykeepass database; the contract's errors for everything that goes wrong."""
    from pykeepass import PyKeePass
    from pykeepass.exceptions import CredentialsError
    from pykeepass.kdbx_parsing.common import compute_key_composite

    check_size(data, WHAT, MAX_KDBX_BYTES)
    header = read_header(data)
    check_kdf(header.kdf)
    if key_file is not None and not password:
        password = None  # KeePassXC: an empty password beside a key file means "no password"
    if password is None and key_file is None:
        require_password(password, WHAT)
    try:
        composite = compute_key_composite(password, io.BytesIO(key_file) if key_file is not None else None)
    except (OSError, ValueError, AssertionError, AttributeError, TypeError):
        raise ImportFormatError("the key file cannot be read as a KeePass key file") from None
    transformed = _transformed_key(header.kdf, composite)
    try:
        return PyKeePass(io.BytesIO(data), transformed_key=transformed)
    except CredentialsError:
        raise ImportPasswordError(
            f"the password{' or key file' if key_file is not None else ''} is wrong for this {WHAT}"
        ) from None
    except Exception:  # construct, lxml and zlib raise many types on a damaged file; all mean that
        raise ImportFormatError(f"this {WHAT} is damaged (its contents cannot be read)") from None


def _strings(entry: Any) -> dict[str, str]:
    """An entry's ``<String><Key/><Value/></String>`` fields (children read directly: this runs for
    every entry, and lxml's path lookups cost several times more)."""
    values: dict[str, str] = {}
    for item in entry:
        if item.tag != "String":
            continue
        key = value = None
        for part in item:
            if part.tag == "Key":
                key = part.text
            elif part.tag == "Value":
                value = part.text
        if key is not None:
            values[key] = value or ""
    return values


def _entries(db: Any) -> Iterator[tuple[dict[str, str], str]]:
    """(string fields, group path) of each live entry: not in the history, not in the recycle bin."""
    root = db.tree.find("Root/Group")
    if root is None:
        return
    bin_uuid = (db.tree.findtext("Meta/RecycleBinUUID") or "").strip()
    bin_on = (db.tree.findtext("Meta/RecycleBinEnabled") or "True").strip().lower() == "true"
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        group, path = stack.pop()
        if bin_on and bin_uuid and (group.findtext("UUID") or "").strip() == bin_uuid:
            continue
        for entry in group.iterfind("Entry"):
            yield _strings(entry), path
        for child in reversed(group.findall("Group")):
            name = clean(child.findtext("Name") or "")
            stack.append((child, f"{path}/{name}" if path else name))


def _keeotp(value: str, title: str, user: str) -> AccountDraft:
    """KeeOTP's ``key=…&step=…&size=…&otpHashMode=…`` form (KeePassXC reads it in ``otp``)."""
    params = {k.lower(): v for k, v in parse_qsl(value, keep_blank_values=True)}
    if not params.get("key"):
        raise AccountError("its otp value is neither an otpauth:// URI nor KeeOTP settings")
    steam = params.get("encoder", "").lower() == "steam" or params.get("size", "").upper() == "S"
    return _draft(params["key"], title, user, params.get("step"), "S" if steam else params.get("size"),
                  params.get("otphashmode"))  # fmt: skip


def _number(value: str | None, default: int, what: str) -> int:
    if value is None or not value.strip():
        return default
    if not value.strip().isdigit() or len(value) > 9:
        raise AccountError(f"its TOTP {what} {value[:12]!r} is not a number")
    return int(value)


def _draft(
    seed: str, title: str, user: str, period: str | None, digits: str | None, hash_name: str | None
) -> AccountDraft:
    steam = (digits or "").strip().upper() == "S"
    return AccountDraft(
        issuer=title or ("Steam" if steam else ""),
        name=user,
        secret=b32decode(seed),
        type="steam" if steam else "totp",
        algorithm="SHA1" if steam else algorithm(hash_name),
        digits=STEAM_DIGITS if steam else _number(digits, 6, "digits"),
        period=_number(period, 30, "period"),
    )


def entry_draft(fields: dict[str, str], group: str) -> AccountDraft | None:
    """The account of one entry's string fields, or None when the entry has no TOTP."""
    title, user = clean(fields.get("Title", "")), clean(fields.get("UserName", ""))
    otp = fields.get("otp", "").strip()
    if otp:
        draft = parse_otp_value(otp, key_uri_methods(), title, user) if "://" in otp else _keeotp(otp, title, user)
    elif fields.get("TOTP Seed", "").strip():
        parts = fields.get("TOTP Settings", "").split(";")
        period = parts[0] if parts else None
        digits = parts[1] if len(parts) > 1 else None
        hash_name = parts[2] if len(parts) > 2 else None
        draft = _draft(fields["TOTP Seed"].strip(), title, user, period, digits, hash_name)
    else:
        return None
    if group:
        draft.groups = [group]
    return draft


def read_database(data: bytes, password: str | None, key_file: bytes | None) -> ImportResult:
    """Every TOTP entry of a KDBX file opened with ``password`` and/or the bytes of ``key_file``."""
    db = _open(data, password, key_file)
    collector = EntryCollector()
    for index, (fields, group) in enumerate(_entries(db)):
        with collector.entry(lambda f=fields, i=index: entry_label(f.get("Title"), f.get("UserName"), i)):  # type: ignore[misc]
            draft = entry_draft(fields, group)
            if draft is not None:
                collector.add(draft)
    return collector.result


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    return read_database(data, password, None)


def parse_with_key_file(data: bytes, password: str | None, key_file: bytes) -> ImportResult:
    return guarded(WHAT)(lambda d, p: read_database(d, p, key_file))(data, password)


def needs_password(data: bytes) -> bool:
    return is_kdbx(data)


def sniff(head: bytes, filename: str) -> float:
    if is_kdbx(head):
        return 0.99
    return 0.2 if has_suffix(filename, ".kdbx") else 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="keepassxc",
            label="KeePassXC / KeePass database (.kdbx)",
            sniff=sniff,
            parse=parse,
            parse_with_key_file=parse_with_key_file,
            needs_password=needs_password,
            patterns=("*.kdbx",),
            description="A KeePassXC or KeePass 2 database (KDBX 3.1 or 4): every entry with TOTP.",
            app="KeePassXC",
            how="Pick the .kdbx database file itself (no export needed). Give its password; a key file "
            "with --import-key-file FILE.",
        )
    ]
