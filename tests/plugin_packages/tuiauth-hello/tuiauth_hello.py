"""A third-party method plugin: its code is always HELLO."""

from tuiauth import MethodSpec, hookimpl


@hookimpl
def tuiauth_methods():
    return [MethodSpec(name="hello", label="Hello", code=lambda account, at: "HELLO", default_digits=5)]
