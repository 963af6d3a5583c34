"""A new recovery key from the app: what the current one opens, a confirmation, the key made in a
worker, then shown once on the same screen as at first run (``RecoveryKeyScreen``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import TuiauthError
from .confirm import ConfirmScreen
from .recovery_key import RecoveryKeyScreen

if TYPE_CHECKING:
    from ..app import TuiauthApp


def offer_new_recovery_key(app: TuiauthApp) -> None:
    from ..core.recovery import recovery_status

    vault = app.services.vault
    if vault is None:
        return
    status = recovery_status(vault)
    now = "A recovery key opens this vault" if status.exists else "No recovery key opens this vault"
    if status.locations:
        opening = [name for name, opens in status.locations.items() if opens]
        now += f" and the backups made to {', '.join(opening)}" if opening else " (but not its backups)"
    detail = (
        f"{now}. A new key replaces it: the old one stops opening this vault and the backups made from now "
        "on (backups made before still open with it). The new key is shown once."
    )

    def answered(yes: bool | None) -> None:
        if yes:
            _rotate(app)

    app.push_screen(ConfirmScreen("Make a new recovery key?", detail, yes="Make a new key"), answered)


def _rotate(app: TuiauthApp) -> None:
    vault = app.services.vault
    if vault is None:
        return

    def failed(error: TuiauthError) -> None:
        app.notify(error.message[:1].upper() + error.message[1:], title="Recovery key", severity="error")

    app.jobs.run(
        app,
        "Making a new recovery key",
        vault.rotate_recovery_key,
        lambda key: app.push_screen(RecoveryKeyScreen(key)),
        failed,
        group="recovery-key",
        exclusive=True,
        writes_vault=True,
    )
