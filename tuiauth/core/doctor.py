"""The vault doctor: what in the vault deserves a look, each finding with what to do about it.

Read-only: nothing here changes the vault; each finding's advice names the action that would
(the edit form, deleting, verifying again), and that action asks the person as it always does.
Shared by ``tuiauth doctor`` (``tuiauth/commands/doctor_cmd.py``) and the doctor screen
(``tuiauth/screens/doctor.py``).

Methods are known only through their ``MethodSpec`` fields (``needs_secret``, ``device_bound``).
What a target app cannot carry is not a table of its own: it is what that app's exporter leaves
out of its QR codes, with the exporter's reason (``ExporterSpec.qr``: the same plan that
``tuiauth export`` draws and whose left-out accounts it lists).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .accounts import Account
from .specs import ExporterSpec, MethodSpec
from .vaultdata import VaultData
from .verification import needs_verification

#: Shorter secrets than this are weak (RFC 4226 section 4 asks for at least 128 bits).
MIN_SECRET_BITS = 128

#: The kinds of finding, in the order they are listed.
KINDS = ("duplicate_secret", "short_secret", "target_cannot_carry", "no_issuer", "needs_verification")


@dataclass(frozen=True)
class Finding:
    """One thing about one account, and what the person can do about it (never a secret)."""

    kind: str
    account_id: str
    label: str
    advice: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "account": self.account_id, "label": self.label, "advice": self.advice}


def check_targets(exporters: Mapping[str, ExporterSpec]) -> dict[str, ExporterSpec]:
    """The exporters a vault can be checked against: those describing QR codes for another app, whose
    plan lists the accounts left out (file formats refuse such accounts by name when exporting)."""
    return {name: spec for name, spec in exporters.items() if spec.qr is not None}


def _duplicates(accounts: Sequence[Account]) -> list[Finding]:
    by_secret: dict[bytes, list[Account]] = defaultdict(list)
    for account in accounts:
        if account.secret:
            by_secret[account.secret].append(account)
    findings = []
    for account in accounts:
        others = [a.label for a in by_secret.get(account.secret, []) if a.id != account.id] if account.secret else []
        if others:
            advice = (
                f"Has the same secret as {', '.join(others)}: if they are one account, delete the extra one "
                "(d on the accounts screen); if the service gave both, ask it for a new secret for one."
            )
            findings.append(Finding("duplicate_secret", account.id, account.label, advice))
    return findings


def _short_secrets(accounts: Sequence[Account], methods: Mapping[str, MethodSpec]) -> list[Finding]:
    findings = []
    for account in accounts:
        method = methods.get(account.type)
        bits = len(account.secret) * 8
        if account.secret and (method is None or method.needs_secret) and bits < MIN_SECRET_BITS:
            advice = (
                f"Its secret has {bits} bits, fewer than {MIN_SECRET_BITS}: turn two-factor off and on again at "
                f"{account.issuer or 'the service'} for a longer one, then edit the account (e) to hold it."
            )
            findings.append(Finding("short_secret", account.id, account.label, advice))
    return findings


def _left_out(accounts: Sequence[Account], target: ExporterSpec) -> list[Finding]:
    assert target.qr is not None  # check_targets keeps only such exporters
    plan = target.qr(accounts)
    return [
        Finding(
            "target_cannot_carry",
            account.id,
            account.label,
            f"Left out of the {plan.title}: {reason}. Keep it here, or set two-factor up again in that app.",
        )
        for account, reason in plan.skipped
    ]


def _no_issuer(accounts: Sequence[Account]) -> list[Finding]:
    advice = "Has no issuer: add the service's name in the edit form (e), so it is told apart and other apps name it."
    return [Finding("no_issuer", a.id, a.label, advice) for a in accounts if not a.issuer]


def _unverified(data: VaultData, methods: Mapping[str, MethodSpec]) -> list[Finding]:
    advice = (
        "Bound to a device and not verified on this one: it shows no code until you verify it again "
        "(v on the accounts screen)."
    )
    return [
        Finding("needs_verification", a.id, a.label, advice)
        for a in data.accounts
        if needs_verification(data, a, methods)
    ]


def examine(data: VaultData, methods: Mapping[str, MethodSpec], target: ExporterSpec | None = None) -> list[Finding]:
    """Every finding in the vault, by kind (``KINDS``) and then in the vault's order; ``target``: also
    the accounts that app's exporter leaves out. The target's exporter sees the accounts as in an export."""
    accounts = data.accounts
    findings = _duplicates(accounts) + _short_secrets(accounts, methods)
    if target is not None:
        findings += _left_out(accounts, target)
    return findings + _no_issuer(accounts) + _unverified(data, methods)
