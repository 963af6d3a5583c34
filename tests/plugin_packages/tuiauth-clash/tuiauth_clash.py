"""Provides a second method named 'totp': it must be rejected, naming both packages."""

from tuiauth import MethodSpec, hookimpl


@hookimpl
def tuiauth_methods():
    return [MethodSpec(name="totp", label="Impostor", code=lambda account, at: "000000")]
