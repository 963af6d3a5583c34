"""The plugin contract: every hook a tuiauth plugin may implement.

Plugins are registered under the ``tuiauth`` entry-point group, and built-in plugins
(``tuiauth/plugins/``) go through exactly these hooks. Each hook is a *descriptor hook*: it takes no
arguments and returns a list of typed descriptors (``tuiauth.MethodSpec`` …); the core picks one by
its ``name``. Two plugins providing the same name is an error that names both.

Compatibility promise (contract version ``HOOK_API_VERSION``): hooks only ever gain optional
arguments, and descriptor dataclasses only gain fields with defaults.
"""

from __future__ import annotations

import pluggy

from .core.specs import BackendSpec, ExporterSpec, ImporterSpec, MethodSpec

PROJECT = "tuiauth"
HOOK_API_VERSION = 1

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def tuiauth_methods() -> list[MethodSpec]:  # type: ignore[empty-body]
    """Verification methods this plugin provides (TOTP, HOTP, Steam, push …).

    A method computes the code of an account (``MethodSpec.code``) and says whether its credentials
    are bound to this device (``device_bound``: never backed up, re-verified after a restore). A
    device-bound method lists its ways to prove identity again in ``MethodSpec.reverify``
    (``ReverifyFlow``: forms as data and a ``run`` step function; the core drives them).
    """


@hookspec
def tuiauth_backends() -> list[BackendSpec]:  # type: ignore[empty-body]
    """Storage backends for backups (a folder, WebDAV, S3 …).

    A backend receives opaque object names and ciphertext only, never a secret. Its sign-in form is
    data (``BackendSpec.fields``); secret field values are kept inside the encrypted vault.
    """


@hookspec
def tuiauth_importers() -> list[ImporterSpec]:  # type: ignore[empty-body]
    """Importers of other apps' exports. ``sniff`` scores a file; ``parse`` turns it into drafts."""


@hookspec
def tuiauth_exporters() -> list[ExporterSpec]:  # type: ignore[empty-body]
    """Exporters to other apps' formats (URI list, Aegis JSON, Google transfer QR codes …)."""
