"""Re-verifying a device-bound account on this device, without any UI.

States: ``needs-verification`` → ``in-progress`` → ``verified`` or ``failed`` (and ``failed`` →
``in-progress`` again with ``retry``). The method plugin drives it through its ``ReverifyFlow``
(``tuiauth.core.specs.reverify``): a screen shows ``session.step`` (a prompt and form fields),
calls ``submit(values)`` in a worker (the plugin may use the network), and shows the next step,
the success message, or ``session.message`` when it failed. On success the new device-bound values
are stored in ``vault.data.device[account.id]`` and the vault is saved: from then on
``needs_verification`` is false and the account shows codes (with new device keys).

    session = Reverification.start(vault, account_id, methods)      # needs-verification
    step = session.begin(session.flows[0].name)                      # in-progress, first form
    session.submit({"password": ...})                                # next step, verified or failed
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from ..errors import AccountError, TuiauthError
from ..specs import MethodSpec, ReverifyDone, ReverifyFlow, ReverifyStep
from ..specs.reverify import REVERIFY_CHANGEABLE
from ..verification import needs_verification
from .errors import RestoreError

if TYPE_CHECKING:
    from ..vault import Vault

ReverifyState = Literal["needs-verification", "in-progress", "verified", "failed"]


class Reverification:
    """One account's re-verification. Not thread-safe: one screen drives one session."""

    def __init__(self, vault: Vault, account_id: str, method: MethodSpec) -> None:
        self.vault = vault
        self.account_id = account_id
        self.method = method
        self.flows: tuple[ReverifyFlow, ...] = method.reverify
        self.state: ReverifyState = "needs-verification"
        self.flow: ReverifyFlow | None = None
        self.step: ReverifyStep | None = None
        self.message = ""

    @classmethod
    def start(cls, vault: Vault, account_id: str, methods: Mapping[str, MethodSpec]) -> Reverification:
        account = vault.data.find_by_id(account_id)
        if account is None:
            raise RestoreError("that account is no longer in the vault")
        if not needs_verification(vault.data, account, methods):
            raise RestoreError(f"{account.label} does not need verification on this device")
        method = methods[account.type]
        if not method.reverify:
            raise RestoreError(
                f"the {method.label} method offers no way to verify {account.label} again; "
                "remove it and enroll it again with its provider"
            )
        return cls(vault, account_id, method)

    def begin(self, flow_name: str) -> ReverifyStep:
        if self.state not in ("needs-verification", "failed"):
            raise RestoreError(f"re-verification is already {self.state}")
        flow = next((f for f in self.flows if f.name == flow_name), None)
        if flow is None:
            raise RestoreError(f"the {self.method.label} method has no flow named {flow_name!r}")
        self.flow, self.step, self.state, self.message = flow, flow.first, "in-progress", ""
        return flow.first

    def retry(self) -> ReverifyStep:
        """Start the same flow again after a failure."""
        if self.state != "failed" or self.flow is None:
            raise RestoreError("only a failed re-verification can be retried")
        return self.begin(self.flow.name)

    def submit(self, values: Mapping[str, str]) -> ReverifyState:
        """Hand the current form's values to the plugin; returns the new state."""
        if self.state != "in-progress" or self.flow is None or self.step is None:
            raise RestoreError("there is no re-verification step waiting for values")
        account = self.vault.data.find_by_id(self.account_id)
        if account is None:
            return self._fail("that account is no longer in the vault")
        try:
            outcome = self.flow.run(account, dict(values), dict(self.step.state))
        except TuiauthError as exc:
            return self._fail(exc.message)
        except Exception as exc:  # a plugin bug is a message, not a crash; no traceback, no values
            return self._fail(f"the {self.method.label} plugin failed ({type(exc).__name__})")
        if isinstance(outcome, ReverifyStep):
            self.step = outcome
            return self.state
        if isinstance(outcome, ReverifyDone):
            return self._commit(outcome)
        return self._fail(f"the {self.method.label} plugin answered with {type(outcome).__name__}")

    def _commit(self, done: ReverifyDone) -> ReverifyState:
        unknown = sorted(set(done.changes) - set(REVERIFY_CHANGEABLE))
        if unknown:
            return self._fail(f"the {self.method.label} plugin tried to change {', '.join(unknown)}")
        if not done.device:
            return self._fail(f"the {self.method.label} plugin returned no device keys")
        data = self.vault.data
        index = next(i for i, a in enumerate(data.accounts) if a.id == self.account_id)
        old_account, old_device = data.accounts[index], data.device.get(self.account_id)
        changes: dict[str, Any] = dict(done.changes)
        updated = old_account.touched(**changes) if changes else old_account
        try:
            if changes:
                self.method.validate(updated)
        except AccountError as exc:
            return self._fail(f"the new enrollment does not work: {exc.message}")
        data.accounts[index] = updated
        data.device[self.account_id] = {str(k): str(v) for k, v in done.device.items()}
        try:
            self.vault.save()
        except BaseException:
            data.accounts[index] = old_account
            if old_device is None:
                data.device.pop(self.account_id, None)
            else:
                data.device[self.account_id] = old_device
            raise
        self.state, self.step = "verified", None
        self.message = done.message or f"{updated.label} is verified on this device and has new device keys"
        return self.state

    def _fail(self, message: str) -> ReverifyState:
        self.state, self.step, self.message = "failed", None, message
        return self.state
