"""A new recovery key from the app: what the current one opens, a confirmation, the key made in a
worker, then shown once on the same screen as at first run (``RecoveryKeyScreen``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

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


@work(thread=True, exclusive=True, group="recovery-key")
def _rotate(app: TuiauthApp) -> None:
    vault = app.services.vault
    try:
        if vault is None:
            raise TuiauthError("the vault is locked")
        key = vault.rotate_recovery_key()
    except TuiauthError as exc:
        message = exc.message
        app.call_from_thread(app.notify, message[:1].upper() + message[1:], title="Recovery key", severity="error")
    else:
        app.call_from_thread(app.push_screen, RecoveryKeyScreen(key))
