"""Reading ZIP archives from other apps (Authenticator Plus, WinAuth, steamguard-cli folders).

Caps are checked on the central directory before anything is inflated: number of entries, each
entry's declared size, the total, and the compression ratio (a zip bomb declares tiny compressed
sizes). The inflated bytes are counted again while reading, so a lying header cannot get past them.
Legacy ZipCrypto passwords are read by the standard library, WinZip AES entries by ``_winzip_aes``.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ...plugin_kit.errors import ImportFormatError, ImportPasswordError
from ...plugin_kit.importing import MAX_IMPORT_BYTES, check_size, require_password
from ._winzip_aes import AES_METHOD, read_aes_entry

MAX_ZIP_ENTRIES = 1000
MAX_ZIP_ENTRY_BYTES = 16 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 64 * 1024 * 1024
MAX_ZIP_RATIO = 200
_ENCRYPTED_FLAG = 0x1


def is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def _open(data: bytes, what: str, max_entries: int = MAX_ZIP_ENTRIES) -> zipfile.ZipFile:
    check_size(data, what, MAX_ZIP_TOTAL_BYTES if max_entries > MAX_ZIP_ENTRIES else MAX_IMPORT_BYTES)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError, struct.error):
        raise ImportFormatError(f"this {what} file is not a readable ZIP archive") from None
    if len(infos) > max_entries:
        raise ImportFormatError(f"this {what} ZIP has {len(infos)} entries; at most {max_entries} allowed")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ZIP_ENTRY_BYTES or total > MAX_ZIP_TOTAL_BYTES or ratio > MAX_ZIP_RATIO:
            raise ImportFormatError(f"this {what} ZIP inflates to too much data; refusing it")
    return archive


def zip_names(data: bytes, what: str, max_entries: int = MAX_ZIP_ENTRIES) -> list[str]:
    """The file names in the archive (caps checked)."""
    with _open(data, what, max_entries) as archive:
        return [info.filename for info in archive.infolist() if not info.is_dir()]


def zip_is_encrypted(data: bytes, what: str) -> bool:
    with _open(data, what) as archive:
        return any(info.flag_bits & _ENCRYPTED_FLAG for info in archive.infolist())


def read_zip(
    data: bytes,
    what: str,
    password: str | None,
    names: set[str] | None = None,
    max_entries: int = MAX_ZIP_ENTRIES,
) -> dict[str, bytes]:
    """``{name: bytes}`` for the archive's files (only ``names``, matched on the base name, when given).

    ``max_entries`` is raised only by formats whose folders are large by nature (a pass store of
    thousands of entries). A missing or wrong password (ZipCrypto or WinZip AES) raises
    ImportPasswordError.
    """
    files: dict[str, bytes] = {}
    total = 0
    with _open(data, what, max_entries) as archive:
        for info in archive.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or (names is not None and base not in names):
                continue
            if info.compress_type == AES_METHOD:
                secret = require_password(password, what)
                content = read_aes_entry(data, info, secret, MAX_ZIP_ENTRY_BYTES, what)
            else:
                pwd = None
                if info.flag_bits & _ENCRYPTED_FLAG:
                    pwd = require_password(password, what).encode("utf-8")
                content = _read_entry(archive, info, pwd, what)
            # The declared sizes were checked on opening; these are the bytes that really came out.
            total += len(content)
            if total > MAX_ZIP_TOTAL_BYTES or len(content) > MAX_ZIP_RATIO * max(info.compress_size, 1):
                raise ImportFormatError(f"this {what} ZIP inflates to too much data; refusing it")
            files[info.filename] = content
    return files


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, pwd: bytes | None, what: str) -> bytes:
    try:
        with archive.open(info, pwd=pwd) as stream:
            content = stream.read(MAX_ZIP_ENTRY_BYTES + 1)
    except RuntimeError:
        # zipfile raises RuntimeError("Bad password …") when the ZipCrypto check byte does not match.
        raise ImportPasswordError(f"the password is wrong for this {what} ZIP") from None
    except zipfile.BadZipFile as exc:
        if "CRC" in str(exc) and pwd is not None:
            raise ImportPasswordError(f"the password is wrong for this {what} ZIP") from None
        raise ImportFormatError(f"this {what} ZIP is damaged") from None
    except (NotImplementedError, zlib.error, ValueError, EOFError, OSError, struct.error):
        raise ImportFormatError(f"this {what} ZIP is damaged or uses an unsupported compression") from None
    if len(content) > MAX_ZIP_ENTRY_BYTES:
        raise ImportFormatError(f"this {what} ZIP inflates to too much data; refusing it")
    return content


_LOCAL_HEADER = struct.Struct("<4s2xHH8x2I2H")
_DATA_DESCRIPTOR_FLAG = 0x8


def head_names(head: bytes) -> list[str]:
    """The names of the entries whose local headers lie in ``head`` (the first bytes of a ZIP).

    For sniffing a large archive, whose central directory (at its end) the sniffed head lacks. The
    walk stops at the first entry whose size is only in a trailing data descriptor.
    """
    names: list[str] = []
    at = 0
    while at + _LOCAL_HEADER.size <= len(head) and len(names) < MAX_ZIP_ENTRIES:
        signature, flags, _method, compressed, _size, name_length, extra_length = _LOCAL_HEADER.unpack_from(head, at)
        if signature != b"PK\x03\x04":
            break
        start = at + _LOCAL_HEADER.size
        name = head[start : start + name_length]
        if len(name) < name_length:
            break
        names.append(name.decode("utf-8", "replace"))
        if flags & _DATA_DESCRIPTOR_FLAG:
            break
        at = start + name_length + extra_length + compressed
    return names
