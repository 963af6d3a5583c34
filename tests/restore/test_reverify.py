"""The re-verification state machine, driven by a tiny device-bound method registered in the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiauth.core.crypto import KdfParams
from tuiauth.core.restore import RestoreError, Reverification, apply_plan, needs_verification, plan_restore
from tuiauth.core.specs import MethodSpec
from tuiauth.core.vault import Vault
from tuiauth.core.vaultdata import VaultData

from .helpers import PIN, account, methods

METHODS = methods()


@pytest.fixture
def restored(tmp_path: Path, fast_kdf: KdfParams) -> tuple[Vault, str]:
    """A vault just restored from a backup holding one device-bound account (identity only)."""
    vault, _ = Vault.create(tmp_path / "vault.tuiauth", "pw", kdf=fast_kdf)
    backup = VaultData(accounts=[account("Corp", "bob", secret=b"", type="tap"), account()])
    apply_plan(vault, plan_restore(vault.data, backup, METHODS))
    return vault, vault.data.accounts[0].id


def test_two_step_sign_in_flow_verifies_and_stores_new_device_keys(restored: tuple[Vault, str]) -> None:
    vault, account_id = restored
    session = Reverification.start(vault, account_id, METHODS)
    assert session.state == "needs-verification"
    assert [f.kind for f in session.flows] == ["sign-in", "enrollment"]
    first = session.begin("sign-in")
    assert session.state == "in-progress" and first.fields[0].secret
    assert session.submit({"password": "hunter2"}) == "in-progress"
    assert session.step is not None and session.step.prompt == "Enter the PIN sent to your phone"
    generation = vault.generation
    assert session.submit({"pin": PIN}) == "verified"
    assert vault.generation == generation + 1
    assert vault.data.device[account_id] == {"device_key": "fresh-key"}
    assert not needs_verification(vault.data, vault.data.accounts[0], METHODS)
    vault.close()
    with Vault.open(vault.path, password="pw") as reopened:
        assert not needs_verification(reopened.data, reopened.data.accounts[0], METHODS)


def test_a_refused_proof_fails_with_the_plugins_message_and_can_be_retried(restored: tuple[Vault, str]) -> None:
    vault, account_id = restored
    session = Reverification.start(vault, account_id, METHODS)
    session.begin("sign-in")
    assert session.submit({"password": "wrong"}) == "failed"
    assert session.message == "the provider refused the password"
    assert needs_verification(vault.data, vault.data.accounts[0], METHODS)
    assert session.retry().prompt == "Password"
    session.submit({"password": "hunter2"})
    assert session.submit({"pin": PIN}) == "verified"


def test_enrollment_flow_may_bring_a_new_secret(restored: tuple[Vault, str]) -> None:
    vault, account_id = restored
    session = Reverification.start(vault, account_id, METHODS)
    session.begin("enroll")
    assert session.submit({"uri": "otpauth://whatever"}) == "verified"
    assert vault.data.accounts[0].secret == b"new-secret-bytes-123"
    assert "new device keys" in session.message


def test_a_plugin_crash_is_a_message_without_its_text(restored: tuple[Vault, str]) -> None:
    vault, account_id = restored
    session = Reverification.start(vault, account_id, METHODS)
    session.begin("enroll")
    assert session.submit({"uri": "crash"}) == "failed"
    assert (
        session.message == "the plugin 'tap-test' failed: its re-verification flow 'enroll' run() raised RuntimeError"
    )
    assert "s3cr3t" not in session.message


def test_a_plugin_may_not_change_the_identity(restored: tuple[Vault, str]) -> None:
    vault, account_id = restored
    session = Reverification.start(vault, account_id, METHODS)
    session.begin("enroll")
    assert session.submit({"uri": "bad-field"}) == "failed"
    assert session.message == "the Tap to approve plugin tried to change issuer"
    assert vault.data.accounts[0].issuer == "Corp" and account_id not in vault.data.device


def test_only_accounts_needing_verification_can_start(restored: tuple[Vault, str]) -> None:
    vault, account_id = restored
    with pytest.raises(RestoreError, match="does not need verification"):
        Reverification.start(vault, vault.data.accounts[1].id, METHODS)
    with pytest.raises(RestoreError, match="no longer in the vault"):
        Reverification.start(vault, "nope", METHODS)
    session = Reverification.start(vault, account_id, METHODS)
    with pytest.raises(RestoreError, match="no re-verification step waiting"):
        session.submit({})
    with pytest.raises(RestoreError, match="no flow named"):
        session.begin("telepathy")


def test_a_device_bound_method_without_flows_says_what_to_do(restored: tuple[Vault, str]) -> None:
    vault, account_id = restored
    bare = dict(METHODS)
    bare["tap"] = MethodSpec(name="tap", label="Bare push", code=METHODS["tap"].code, device_bound=True)
    with pytest.raises(RestoreError, match="offers no way to verify Corp \\(bob\\) again; remove it and enroll"):
        Reverification.start(vault, account_id, bare)
