"""The snapshot tests use the app tests' fixtures (fake clock, TEST_KDF services, ready vaults)."""

from ..app.conftest import clock, make_services, vault_with

__all__ = ["clock", "make_services", "vault_with"]
