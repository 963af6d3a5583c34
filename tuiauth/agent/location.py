"""Where a user's agent listens: a socket in a folder only that user can enter.

The folder is ``$XDG_RUNTIME_DIR/tuiauth`` (a per-user tmpfs on systemd machines, removed at logout);
without ``XDG_RUNTIME_DIR`` it is ``/tmp/tuiauth-UID``. Either way it must be a real folder (not a
link) owned by the user with mode 0700, or the agent refuses to use it: in ``/tmp`` another user
could have made it first. One agent serves one vault: the socket's name is made from the vault
file's path, so ``--home`` folders each get their own.

This module is on the fast path of ``tuiauth code`` (``tuiauth.agent.fastpath``): standard library only.
"""

from __future__ import annotations

import binascii
import contextlib
import os
import stat

#: ``typing`` stays unimported on the fast path; type checkers take this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

FOLDER_MODE = 0o700


class LocationError(Exception):
    """The socket folder exists but is not safe to use (owner, mode or type)."""


def socket_folder(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime):
        return os.path.join(runtime, "tuiauth")
    return os.path.join("/tmp", f"tuiauth-{os.getuid()}")  # noqa: S108 - checked: ours, 0700, no link


def vault_file_of(home: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The vault file ``tuiauth.core.paths.Paths`` resolves, without its imports (pathlib, platformdirs
    unless no home is given): ``--home`` (``home``), then ``TUIAUTH_HOME``, then the platform folder."""
    env = os.environ if environ is None else environ
    chosen = home or env.get("TUIAUTH_HOME")
    if chosen:
        return os.path.join(os.path.realpath(os.path.expanduser(chosen)), "vault.tuiauth")
    from ..core.paths import Paths

    return str(Paths.resolve(None, environ=env).vault_file)


def socket_name(vault_file: str) -> str:
    """Short (a UNIX socket path is limited to about 100 bytes) and the same for one vault file. A
    checksum, not a cryptographic hash (whose import costs the fast path milliseconds): two vaults
    may share a name, so each request names its vault and an agent answers only for its own."""
    checksum = binascii.crc32(os.path.realpath(vault_file).encode("utf-8", "surrogateescape"))
    return f"agent-{checksum:08x}.sock"


def socket_path(vault_file: str, environ: Mapping[str, str] | None = None) -> str:
    return os.path.join(socket_folder(environ), socket_name(vault_file))


def check_folder(folder: str) -> None:
    """``LocationError`` unless ``folder`` is a folder (not a link) of ours with mode 0700."""
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise LocationError(f"{folder} is not a folder")
    if info.st_uid != os.getuid():
        raise LocationError(f"{folder} belongs to another user")
    if stat.S_IMODE(info.st_mode) != FOLDER_MODE:
        raise LocationError(f"{folder} can be entered by other users (mode {stat.S_IMODE(info.st_mode):o}, not 700)")


def make_folder(folder: str) -> None:
    """Create the socket folder (0700) if needed, then check it."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, FOLDER_MODE)
    check_folder(folder)
