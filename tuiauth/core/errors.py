"""Typed errors. Every message is one line a person can act on and never contains a secret."""

from __future__ import annotations


class TuiauthError(Exception):
    """Base of every error tuiauth reports to a person (CLI: one line on stderr, TUI: a message)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- accounts and URIs -------------------------------------------------------------------------
class AccountError(TuiauthError):
    """An account's fields are invalid (bad secret, digits out of range, unknown type…)."""


class SecretError(AccountError):
    """A secret cannot be decoded (bad base32/hex/base64, empty)."""


class UriError(AccountError):
    """An ``otpauth://`` (or similar) URI is malformed."""


class DuplicateAccountError(AccountError):
    """The vault already holds an account with the same secret and parameters."""


class NotFoundError(TuiauthError):
    """No account matches a query."""


class AmbiguousError(TuiauthError):
    """More than one account matches a query."""


# --- vault ---------------------------------------------------------------------------------------
class VaultError(TuiauthError):
    """Base of the sealed-file and vault-storage errors."""


class VaultMissingError(VaultError):
    """There is no vault at the expected path yet."""


class VaultExistsError(VaultError):
    """``init`` was asked to create a vault where one already exists."""


class WrongPasswordError(VaultError):
    """The password (or recovery key) does not open any slot of an intact file."""


class CorruptFileError(VaultError):
    """The file is truncated or its bytes do not match its checksum."""


class TamperedFileError(VaultError):
    """The checksum matches but the authenticated header or body does not: edited outside tuiauth."""


class UnsafeParametersError(VaultError):
    """KDF or size parameters read from a file are outside the accepted range."""


class VaultLockedError(VaultError):
    """Another process has the vault open for writing."""


class VaultChangedError(VaultError):
    """The vault on disk is not the one that was loaded: saving would lose the other change."""


# --- plugins -------------------------------------------------------------------------------------
class PluginError(TuiauthError):
    """A plugin failed to load, conflicts with another, raised, returned the wrong type or did not
    answer in time; ``plugin`` names it when known (``tuiauth/core/plugincall.py``)."""

    def __init__(self, message: str, plugin: str = "") -> None:
        super().__init__(message)
        self.plugin = plugin


# --- import / export -----------------------------------------------------------------------------
class ImportFormatError(TuiauthError):
    """A file given to an importer is not in the format it reads, or is damaged."""


class ImportPasswordError(ImportFormatError):
    """An encrypted export needs a password, or the password given is wrong."""


class ImportParametersError(ImportFormatError):
    """An encrypted export asks for key-derivation work beyond tuiauth's caps (memory, passes,
    rounds): refused before any derivation starts, so a hostile file cannot exhaust the machine."""


class ExportError(TuiauthError):
    """An export could not be written."""


# --- backends ------------------------------------------------------------------------------------
class BackendError(TuiauthError):
    """Base of the storage-backend errors: a location not found, unreachable, refusing sign-in, or failing."""


class BackendNotFoundError(BackendError):
    """The object, folder or bucket does not exist (there is no backup there)."""


class BackendExistsError(BackendError):
    """``create`` found the name already taken (create-only commit lost a race)."""


class BackendNetworkError(BackendError):
    """The location cannot be reached; ``cause`` is one of: dns, refused, timeout, tls, reset, other."""

    def __init__(self, message: str, cause: str = "other") -> None:
        super().__init__(message)
        self.cause = cause


class BackendAuthError(BackendError):
    """Sign-in failed, wrong account or expired credentials (the person must sign in again)."""


class BackendPermissionError(BackendError):
    """Signed in, but not allowed to read or write there."""


class BackendServerError(BackendError):
    """The server answered with an error (5xx, a malformed reply, a truncated body)."""
