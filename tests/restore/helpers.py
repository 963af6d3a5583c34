"""Shared pieces of the restore tests: accounts, the methods, and a tiny device-bound method."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tuiauth.core.accounts import Account, AccountDraft
from tuiauth.core.errors import TuiauthError
from tuiauth.core.specs import FormField, MethodSpec, ReverifyDone, ReverifyFlow, ReverifyStep
from tuiauth.hookspecs import hookimpl
from tuiauth.pluginmanager import PluginManager

PIN = "2468"


def account(issuer: str = "GitHub", name: str = "alice", secret: bytes = b"12345678901234567890", **kw: Any) -> Account:
    return Account(issuer=issuer, name=name, secret=secret, **kw)


def _tap_code(account: AccountDraft, at: float) -> str:
    """A device-bound method shows a code only from its device key (set by re-verification)."""
    return "000000"


def _sign_in(account: AccountDraft, values: Mapping[str, str], state: Mapping[str, str]) -> ReverifyStep | ReverifyDone:
    if "password_ok" not in state:
        if values.get("password") != "hunter2":
            raise TuiauthError("the provider refused the password")
        return ReverifyStep(
            prompt="Enter the PIN sent to your phone",
            fields=(FormField(name="pin", label="PIN"),),
            state={"password_ok": "1"},
        )
    if values.get("pin") != PIN:
        raise TuiauthError("the PIN is wrong")
    return ReverifyDone(device={"device_key": "fresh-key"}, message="verified")


def _enroll(account: AccountDraft, values: Mapping[str, str], state: Mapping[str, str]) -> ReverifyStep | ReverifyDone:
    if values.get("uri") == "crash":
        raise RuntimeError("plugin bug with secret-ish value s3cr3t")
    if values.get("uri") == "bad-field":
        return ReverifyDone(device={"k": "v"}, changes={"issuer": "Evil"})
    return ReverifyDone(device={"device_key": "enrolled"}, changes={"secret": b"new-secret-bytes-123"})


class TapPlugin:
    @hookimpl
    def tuiauth_methods(self) -> list[MethodSpec]:
        return [
            MethodSpec(
                name="tap",
                label="Tap to approve",
                code=_tap_code,
                device_bound=True,
                validate=lambda draft: None,
                reverify=(
                    ReverifyFlow(
                        name="sign-in",
                        label="Sign in with the account password",
                        kind="sign-in",
                        first=ReverifyStep(
                            prompt="Password",
                            fields=(FormField(name="password", label="Password", kind="password", secret=True),),
                        ),
                        run=_sign_in,
                    ),
                    ReverifyFlow(
                        name="enroll",
                        label="Scan a new enrollment QR",
                        kind="enrollment",
                        first=ReverifyStep(prompt="Enrollment URI", fields=(FormField(name="uri", label="URI"),)),
                        run=_enroll,
                    ),
                ),
            )
        ]


def plugin_manager() -> PluginManager:
    pm = PluginManager(entrypoints=False)
    pm.register(TapPlugin(), "tap-test")
    return pm


def methods() -> dict[str, MethodSpec]:
    return plugin_manager().methods()
