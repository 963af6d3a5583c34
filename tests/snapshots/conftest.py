"""The snapshot tests use the app tests' fixtures (fake clock, fast KDF, ready vaults) from the kit."""

from ..app.conftest import clipboard, clock, new_app, tuiauth_home, vault_with

__all__ = ["clipboard", "clock", "new_app", "tuiauth_home", "vault_with"]
