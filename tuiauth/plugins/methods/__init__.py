"""The built-in verification methods: TOTP, HOTP and Steam (through pyotp) and mOTP."""

from __future__ import annotations

from tuiauth import MethodSpec


def builtin_methods() -> dict[str, MethodSpec]:
    """The built-in methods by name: what the built-in importers read Key URIs with (an import
    file's URIs are of the kinds other apps write)."""
    from . import hotp, motp, steam, totp

    return {spec.name: spec for module in (totp, hotp, steam, motp) for spec in module.tuiauth_methods()}
