"""steamguard-cli / SteamDesktopAuthenticator ``maFiles`` folders, plain or encrypted: the folder
itself (``tuiauth import ~/.config/steamguard-cli/maFiles``) or a ZIP of it.

An encrypted maFile cannot be decrypted alone: its IV and salt are in the folder's
``manifest.json``. So this importer reads the whole folder, which
``core.importing.read_import_path`` hands over as a ZIP of its files; a lone encrypted maFile or a
lone manifest gets an error that says to choose the folder.

Encryption (per manifest entry): SDA-compatible = PBKDF2-HMAC-SHA1(passkey, salt, 50 000, 32) and
AES-256-CBC; steamguard-cli's ``Argon2idAes256`` = Argon2id(12 MiB, t=3, p=12) and AES-256-CBC. The
maFile holds the base64 text of the ciphertext.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit import crypto
from ...plugin_kit.errors import ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import (
    EntryCollector,
    answers_false_on_error,
    decrypting,
    entry_label,
    guarded,
    has_suffix,
    head_text,
    load_json,
    require_dict,
    require_password,
)
from ._zip import head_names, is_zip, read_zip, zip_names
from .steam import steam_draft

WHAT = "steamguard-cli maFiles"
SDA_ITERATIONS = 50_000
ARGON2_PARAMS = crypto.KdfParams(memory_kib=12 * 1024, iterations=3, lanes=12)
#: Every encrypted maFile has its own salt, so its own key derivation: a folder may hold this many.
MAX_ENCRYPTED_FILES = 100
_ZIP_HINT = "choose the whole maFiles folder (with manifest.json), or a ZIP of it"


@dataclass(frozen=True)
class _Encryption:
    iv: bytes
    salt: bytes
    scheme: str


def _b64(value: Any, field: str) -> bytes:
    if not isinstance(value, str):
        raise ImportFormatError(f"the maFiles manifest has no usable {field}")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError(f"the maFiles manifest's {field} is not base64") from None


def _manifest(data: bytes) -> dict[str, _Encryption | None]:
    """``{maFile name: encryption or None}`` from an SDA or steamguard-cli manifest."""
    root = require_dict(load_json(data, "maFiles manifest"), "maFiles manifest")
    entries = root.get("entries")
    if not isinstance(entries, list):
        raise ImportFormatError("the maFiles manifest has no entries list")
    sda_encrypted = root.get("encrypted") is True
    result: dict[str, _Encryption | None] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("filename"), str):
            raise ImportFormatError("the maFiles manifest has an entry without a file name")
        encryption: _Encryption | None = None
        cli = entry.get("encryption")
        if isinstance(cli, dict):
            scheme = cli.get("scheme")
            if scheme not in ("LegacySdaCompatible", "Argon2idAes256"):
                raise ImportFormatError("the maFiles manifest names an unknown encryption scheme")
            encryption = _Encryption(_b64(cli.get("iv"), "iv"), _b64(cli.get("salt"), "salt"), str(scheme))
        elif sda_encrypted:
            encryption = _Encryption(
                _b64(entry.get("encryption_iv"), "encryption_iv"),
                _b64(entry.get("encryption_salt"), "encryption_salt"),
                "LegacySdaCompatible",
            )
        result[entry["filename"]] = encryption
    if sum(1 for encryption in result.values() if encryption) > MAX_ENCRYPTED_FILES:
        raise ImportFormatError(f"this maFiles folder has more than {MAX_ENCRYPTED_FILES} encrypted accounts")
    return result


def _decrypt(content: bytes, encryption: _Encryption, password: str) -> bytes:
    try:
        ciphertext = base64.b64decode(content.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError("an encrypted maFile is not base64 text") from None
    with decrypting(WHAT):
        if encryption.scheme == "Argon2idAes256":
            key = crypto.argon2id(password.encode("utf-8"), encryption.salt, ARGON2_PARAMS)
        else:
            key = crypto.pbkdf2(password.encode("utf-8"), encryption.salt, SDA_ITERATIONS, "sha1")
        return crypto.aes_cbc_decrypt(key, encryption.iv, ciphertext)


def _mafile_object(content: bytes, encrypted: bool) -> dict[str, Any]:
    try:
        return require_dict(load_json(content, "maFile"), "maFile")
    except ImportFormatError:
        if encrypted:
            # CBC padding passes by chance for 1 wrong key in 256; the JSON then tells.
            raise ImportPasswordError(f"the password is wrong for this {WHAT} folder") from None
        raise


def _base(name: str) -> str:
    return name.rsplit("/", 1)[-1]


@guarded(WHAT)
def parse(data: bytes, password: str | None) -> ImportResult:
    if not is_zip(data):
        if data.lstrip().startswith(b"{"):
            raise ImportFormatError(f"this is a maFiles manifest or plain maFile, not a folder: {_ZIP_HINT}")
        raise ImportFormatError(f"an encrypted maFile cannot be decrypted without its manifest: {_ZIP_HINT}")
    files = read_zip(data, WHAT, password)
    manifests = [content for name, content in files.items() if _base(name) == "manifest.json"]
    if len(manifests) != 1:
        raise ImportFormatError(f"this ZIP has no single manifest.json: {_ZIP_HINT}")
    manifest = _manifest(manifests[0])
    by_base = {_base(name): content for name, content in files.items()}
    collector = EntryCollector()
    for index, (filename, encryption) in enumerate(manifest.items()):
        content = by_base.get(filename)
        if content is None:
            collector.skip(entry_label(filename, None, index), "the manifest lists it but the ZIP lacks it")
            continue
        if encryption is not None:
            content = _decrypt(content, encryption, require_password(password, WHAT))
        obj = _mafile_object(content, encryption is not None)
        with collector.entry(entry_label("Steam", obj.get("account_name"), index)):
            collector.add(steam_draft(obj))
    return collector.result


@answers_false_on_error
def needs_password(data: bytes) -> bool:
    if not is_zip(data):
        return False
    try:
        manifest = _manifest(read_zip(data, WHAT, None, {"manifest.json"}).popitem()[1])
    except ImportPasswordError:
        return True
    except (ImportFormatError, KeyError):
        return False
    return any(encryption is not None for encryption in manifest.values())


def sniff(head: bytes, filename: str) -> float:
    if is_zip(head):
        try:
            names = {_base(n).lower() for n in zip_names(head, WHAT)}
        except ImportFormatError:
            names = {_base(n).lower() for n in head_names(head)}
        if "manifest.json" in names and any(n.endswith(".mafile") for n in names):
            return 0.95
        return 0.0
    if has_suffix(filename, ".mafile") and not head_text(head).lstrip().startswith("{"):
        return 0.8
    return 0.0


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="steamguard-cli",
            label="steamguard-cli / SDA maFiles folder",
            sniff=sniff,
            parse=parse,
            needs_password=needs_password,
            patterns=("*.zip", "*.maFile"),
            description="A maFiles folder (manifest.json + *.maFile), plain or encrypted, or a ZIP of it.",
            app="steamguard-cli / Steam Desktop Authenticator",
            how="Pick the maFiles folder itself: ~/.config/steamguard-cli/maFiles for steamguard-cli, the "
            "maFiles folder beside SteamDesktopAuthenticator.exe for SDA. Encrypted: give the passkey.",
        )
    ]
