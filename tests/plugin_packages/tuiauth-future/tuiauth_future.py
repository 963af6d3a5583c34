"""A plugin written for a newer hook API than the tuiauth under test: it must not be loaded."""

from tuiauth import MethodSpec, hookimpl

TUIAUTH_HOOK_API_VERSION = 99


@hookimpl
def tuiauth_methods():
    return [MethodSpec(name="future", label="Future", code=lambda account, at: "FUTURE")]
