"""The plugin contract: every hook a tuiauth plugin may implement, and the rules each one follows.

This module is the reference for plugin authors; ``docs/plugins.md`` is the guided tour.

Registering
    A plugin is a module (or any object) with functions marked ``@tuiauth.hookimpl``, published
    under the ``tuiauth`` entry-point group of its package::

        [project.entry-points.tuiauth]
        myplugin = "tuiauth_myplugin.plugin"

    The built-in plugins (``tuiauth/plugins/``) go through exactly these hooks. ``tuiauth plugins``
    lists every plugin with its package, version, hooks and status.

Descriptor hooks
    Every hook takes no argument and returns a list of typed, frozen descriptors (``MethodSpec``,
    ``BackendSpec``, ``ImporterSpec``, ``ExporterSpec``, importable from ``tuiauth``). Each hook is
    called once per run of tuiauth; the core picks a descriptor by its ``name``. Two plugins
    providing the same name is an error naming both packages, and the second is not used. The hook
    itself must be cheap: import heavy libraries inside the descriptor's callables, not at module
    level (``tuiauth code`` loads every installed plugin when an account uses a method that is not
    built in, and must still answer at once).

What a plugin imports
    Only ``tuiauth`` (``hookimpl``, the descriptors, ``Account``/``AccountDraft`` and the main
    errors), this module, and the plugin kit (``tuiauth.plugin_kit.errors``, ``.names``, ``.http``,
    ``.xml``, ``.encoding``, ``.crypto``, ``.importing``, ``.otpauth``, ``.exporting``); in tests also
    ``tuiauth.testing``. Everything else is private and may change in any release. Never import
    Textual: describe what to ask the person as data (``FormField``) and the core asks it.

Errors
    A descriptor's callables raise the typed errors of ``tuiauth.plugin_kit.errors``, each with a
    one-line message a person can act on and that never contains a secret (not a password, a key,
    a token, a URL's credentials). Which errors each hook's callables raise is listed with the hook.
    Anything else that escapes a plugin is a bug in the plugin: the core reports the plugin's name
    and the exception's type, never its text (it could hold a secret), and goes on.

Threading model
    The app runs one UI thread (an asyncio event loop) and runs slow work in worker threads; the
    CLI runs everything on its main thread.

    * On the UI thread, so they must return in well under a millisecond and never do I/O:
      ``MethodSpec.code``, ``MethodSpec.validate``, ``BackendSpec.describe`` and every hook
      function itself.
    * In a worker thread (the main thread in the CLI, or a cron job with no terminal), so they may
      block: ``BackendSpec.factory`` and every ``Backend`` method, ``ImporterSpec.sniff``,
      ``needs_password`` and ``parse``, ``ExporterSpec.export`` and ``qr``, ``ReverifyFlow.run``.
      Work may take seconds (a password-based KDF, a slow server), but every network wait must be
      bounded by the plugin's own timeout (the built-in backends use 30 seconds), and nothing may
      wait for a person: there may be none.
    * One ``Backend`` object serves one job (a backup run, a restore session) and is closed at its
      end. Its calls never overlap, but successive calls may come from different threads. It may keep
      a connection or a session between calls of that job; it keeps nothing in module globals, and
      nothing on disk but the objects it is asked to store. Other devices, processes or ``Backend``
      objects may use the same storage at the same time: that is why ``create`` never overwrites.

What a backend sees
    Opaque object names (``gen-<20 digits>-<16 hex digits>``, always matching
    ``tuiauth.plugin_kit.names.NAME_PATTERN``) and ciphertext: every byte it stores was encrypted
    before it was handed over. It receives the settings of its own sign-in form (``fields``), secret
    ones included; it never sees an account, a code, the vault's password or recovery secret, nor
    another location's settings. Secret field values are stored inside the encrypted vault, never in
    the config file; a backend must not write them anywhere either.

Versions
    ``HOOK_API_VERSION`` is the version of this contract. Within it, hooks only ever gain optional
    arguments and descriptors only gain fields with defaults, so a plugin written for an older
    version keeps working. A plugin may declare the version it was written for, as a module (or
    object) attribute::

        TUIAUTH_HOOK_API_VERSION = 1

    Without it, version 1 is assumed. A plugin declaring a newer version than this tuiauth supports
    is not loaded: ``tuiauth plugins`` lists it as ``incompatible``, saying which version it needs.
    Pin the core range your package was tested with (``tuiauth>=0.1,<0.2``).

.. versionadded:: 0.1 (hook API version 1)
    All four hooks below.
"""

from __future__ import annotations

import pluggy

from .core.specs import BackendSpec, ExporterSpec, ImporterSpec, MethodSpec

PROJECT = "tuiauth"
#: The version of the hook contract this tuiauth implements.
HOOK_API_VERSION = 1
#: The attribute through which a plugin declares the hook API version it was written for.
DECLARED_VERSION_ATTRIBUTE = "TUIAUTH_HOOK_API_VERSION"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def tuiauth_methods() -> list[MethodSpec]:  # type: ignore[empty-body]
    """Verification methods this plugin provides (TOTP, HOTP, Steam, mOTP, push …).

    Receives nothing. Returns a list of ``MethodSpec``; an account's ``type`` is a method's ``name``.

    ``code(account, at)`` returns the code shown for ``account`` (an ``AccountDraft``: ``secret`` is
    the raw key bytes, with ``digits``, ``algorithm``, ``period``, ``counter``, ``extra``) at unix time
    ``at``. It runs on the UI thread several times a second: pure computation, no I/O, no waiting.
    A counter-based method (``counter_based=True``) ignores ``at`` and uses ``account.counter``; the
    core advances and saves the counter after each use. ``validate(draft)`` raises ``AccountError``
    when a draft cannot work with the method (it runs on the UI thread as the person types), beyond
    what the descriptor's fields say: the Key URI types and parameters the method reads, its digit,
    algorithm and period ranges and how its code is grouped on screen (``MethodSpec``'s fields; the
    core knows no method by name).

    A device-bound method's ``code`` may take a third argument, ``code(account, at, device)``: the
    account's device-bound values (a mapping of text to text, empty when there are none). A
    two-argument ``code`` is called with two.

    A method whose credentials are bound to this device (``device_bound=True``) never has its secret
    put in a backup: after a restore its accounts show no code until one of its ``reverify`` flows
    (``ReverifyFlow``) has run on this device. ``ReverifyFlow.run`` runs in a worker thread and may do
    network I/O; it raises a ``TuiauthError`` with a message a person can act on when the proof is
    refused.

    Errors: ``AccountError`` (from ``tuiauth.plugin_kit.errors``) from ``code`` or ``validate`` for
    an account the method cannot compute; never anything else.

    Example, a method giving 8-digit codes every 60 seconds::

        from tuiauth import AccountDraft, MethodSpec, hookimpl
        from tuiauth.plugin_kit.crypto import hmac_digest

        TUIAUTH_HOOK_API_VERSION = 1


        def code(account: AccountDraft, at: float) -> str:
            digest = hmac_digest(account.secret, int(at // 60).to_bytes(8, "big"), "SHA1")
            offset = digest[-1] & 0x0F
            value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
            return str(value % 10**8).zfill(8)


        @hookimpl
        def tuiauth_methods() -> list[MethodSpec]:
            return [MethodSpec(name="slow8", label="Slow 8-digit", code=code, default_digits=8, default_period=60)]

    .. versionadded:: 0.1
    """


@hookspec
def tuiauth_backends() -> list[BackendSpec]:  # type: ignore[empty-body]
    """Storage backends for backups (a folder, WebDAV, S3 …).

    Receives nothing. Returns a list of ``BackendSpec``: the sign-in form as data (``fields``, a tuple
    of ``FormField``), ``factory(settings)`` building a signed-in ``Backend`` from the form's values
    (a mapping of field name to text), and ``describe(settings)``, a one-line description of a
    configured location for lists and messages, without any secret value.

    ``factory`` and every ``Backend`` method run in a worker thread and may block, each network wait
    bounded by the backend's own timeout; ``describe`` runs on the UI thread. A ``Backend`` stores
    opaque, immutable objects (see *What a backend sees* and *Threading model* above):

    ``list()``
        The names of the stored objects, those ``tuiauth.plugin_kit.names.is_object_name`` accepts:
        temporary objects (``TEMP_PREFIX``) and names no object can have are left out (the core
        ignores any other name it did not write).
    ``read(name)``
        The object's bytes, exactly as created. ``BackendNotFoundError`` when there is no such object;
        ``BackendServerError`` when the reply is cut short; refuse (``BackendServerError``) an object
        over ``MAX_OBJECT_BYTES`` rather than reading it into memory.
    ``create(name, data)``
        Store a new object, atomically (a reader sees all of it or nothing: write a temporary name,
        then commit it) and create-only: ``BackendExistsError`` when the name is taken, even when two
        devices race. Never overwrite. Check the name first with ``check_name``.
    ``delete(name)``
        Remove one object; ``BackendNotFoundError`` when it does not exist.
    ``close()``
        Release connections; called once at the end of the job, also after a failure.

    Errors, each a subclass of ``BackendError`` (``tuiauth.plugin_kit.errors``):
    ``BackendNetworkError(message, cause=...)`` when the location cannot be reached (``cause`` one of
    ``dns``, ``refused``, ``timeout``, ``tls``, ``reset``, ``other``; an httpx backend gets it from
    ``tuiauth.plugin_kit.http.transport_error``), ``BackendAuthError`` for a refused sign-in or expired
    credentials, ``BackendPermissionError`` when signed in but not allowed, ``BackendNotFoundError``
    for a missing object, folder or bucket, ``BackendExistsError`` from ``create``,
    ``BackendServerError`` for an error reply, a malformed or a truncated one. ``factory`` may raise
    any of them when it already talks to the server, or ``BackendError`` for settings that cannot
    work. Messages name the server (``display_url``, ``server_name``) but never a credential.

    Test a backend with ``tuiauth.testing.BackendContract`` against a real server on 127.0.0.1.

    Example, a complete backend keeping objects in a local folder::

        import os
        from collections.abc import Mapping
        from pathlib import Path

        from tuiauth import BackendSpec, FormField, hookimpl
        from tuiauth.plugin_kit.errors import BackendExistsError, BackendNotFoundError, BackendServerError
        from tuiauth.plugin_kit.names import MAX_OBJECT_BYTES, TEMP_PREFIX, check_name, is_object_name

        TUIAUTH_HOOK_API_VERSION = 1


        class FolderBackend:
            def __init__(self, folder: Path) -> None:
                self.folder = folder

            def list(self) -> list[str]:
                return sorted(p.name for p in self.folder.iterdir() if is_object_name(p.name))

            def read(self, name: str) -> bytes:
                path = self.folder / check_name(name)
                try:
                    if path.stat().st_size > MAX_OBJECT_BYTES:
                        raise BackendServerError(f"{name} is too large to be a backup")
                    return path.read_bytes()
                except FileNotFoundError:
                    raise BackendNotFoundError(f"{name} is not in {self.folder}") from None

            def create(self, name: str, data: bytes) -> None:
                final = self.folder / check_name(name)
                temporary = self.folder / f"{TEMP_PREFIX}{name}-{os.getpid()}"
                temporary.write_bytes(data)
                try:
                    os.link(temporary, final)  # fails when the name is taken: create-only
                except FileExistsError:
                    raise BackendExistsError(f"{name} already exists in {self.folder}") from None
                finally:
                    temporary.unlink()

            def delete(self, name: str) -> None:
                try:
                    (self.folder / check_name(name)).unlink()
                except FileNotFoundError:
                    raise BackendNotFoundError(f"{name} is not in {self.folder}") from None

            def close(self) -> None:
                pass


        def factory(settings: Mapping[str, str]) -> FolderBackend:
            folder = Path(settings["folder"]).expanduser()
            if not folder.is_dir():
                raise BackendNotFoundError(f"the folder {folder} does not exist")
            return FolderBackend(folder)


        @hookimpl
        def tuiauth_backends() -> list[BackendSpec]:
            return [
                BackendSpec(
                    name="my-folder",
                    label="My folder",
                    fields=(FormField(name="folder", label="Folder", kind="path"),),
                    factory=factory,
                    describe=lambda settings: f"folder {settings.get('folder', '')}",
                )
            ]

    .. versionadded:: 0.1
    """


@hookspec
def tuiauth_importers() -> list[ImporterSpec]:  # type: ignore[empty-body]
    """Importers of other apps' exports.

    Receives nothing. Returns a list of ``ImporterSpec``. All three callables run in a worker thread
    and are handed untrusted bytes: cap sizes before parsing and KDF parameters before deriving.

    ``sniff(head, filename)``
        A confidence from 0 (not this format) to 1 (certainly this format), from the first 64 KiB
        of the file and its name. It must not raise: answer 0 for anything unreadable.
    ``needs_password(data)``
        Whether the whole file is encrypted and a password must be asked for (default: never).
    ``parse(data, password)``
        An ``ImportResult``: the accounts read (``drafts``, ``AccountDraft`` each) and the entries
        skipped with their reason (``problems``, ``ImportProblem(entry, reason)``). One bad entry
        never fails the file: ``tuiauth.plugin_kit.importing.EntryCollector`` does the bookkeeping.

    Errors: ``ImportFormatError`` when the whole file is not in this format or is damaged;
    ``ImportPasswordError`` when the password is missing or wrong (``importing.decrypting`` maps
    crypto failures to it). Reasons and messages never quote a secret.

    Example, an importer of ``issuer,account,secret`` lines::

        from tuiauth import AccountDraft, ImporterSpec, ImportResult, hookimpl
        from tuiauth.plugin_kit.encoding import b32decode
        from tuiauth.plugin_kit.importing import EntryCollector, decode_text

        TUIAUTH_HOOK_API_VERSION = 1


        def sniff(head: bytes, filename: str) -> float:
            return 0.8 if head.startswith(b"issuer,account,secret") else 0.0


        def parse(data: bytes, password: str | None) -> ImportResult:
            collector = EntryCollector()
            for number, line in enumerate(decode_text(data, "simple CSV").splitlines()[1:], start=2):
                with collector.entry(f"line {number}"):
                    issuer, name, secret = line.split(",")
                    collector.add(AccountDraft(issuer=issuer, name=name, secret=b32decode(secret)))
            return collector.result


        @hookimpl
        def tuiauth_importers() -> list[ImporterSpec]:
            return [ImporterSpec(name="simple-csv", label="Simple CSV", sniff=sniff, parse=parse)]

    .. versionadded:: 0.1
    """


@hookspec
def tuiauth_exporters() -> list[ExporterSpec]:  # type: ignore[empty-body]
    """Exporters to other apps' formats (URI list, Aegis JSON, Google transfer QR codes …).

    Receives nothing. Returns a list of ``ExporterSpec``. ``export(accounts, password)`` runs in a
    worker thread and returns the file's bytes (``password`` is None unless ``supports_password``);
    the core writes them to a new file, mode 0600 (when ``plaintext_secrets``, only after the person
    confirmed). The optional ``qr(accounts)`` returns a ``QrExport``
    (``tuiauth.plugin_kit.exporting``): the texts of QR codes to scan one by one, each fitting an
    80×24 terminal (check with ``fits_terminal``), and the accounts left out with their reason.

    Errors: ``ExportError`` for accounts the format cannot hold; never a secret in its message.

    Example, one ``issuer,account,secret`` line per account::

        from collections.abc import Sequence

        from tuiauth import Account, ExporterSpec, hookimpl
        from tuiauth.plugin_kit.encoding import b32encode

        TUIAUTH_HOOK_API_VERSION = 1


        def export(accounts: Sequence[Account], password: str | None) -> bytes:
            lines = ["issuer,account,secret", *(f"{a.issuer},{a.name},{b32encode(a.secret)}" for a in accounts)]
            return ("\\n".join(lines) + "\\n").encode("utf-8")


        @hookimpl
        def tuiauth_exporters() -> list[ExporterSpec]:
            return [ExporterSpec(name="simple-csv", label="Simple CSV", export=export, extension=".csv")]

    .. versionadded:: 0.1
    """
