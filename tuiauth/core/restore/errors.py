"""Errors of the restore flow. Each message says what happened and what to do; none holds a secret."""

from __future__ import annotations

from ..errors import TuiauthError


class RestoreError(TuiauthError):
    """Base of the restore errors."""


class RestoreRefusedError(RestoreError):
    """The plan was refused (strict mode and a vault that already holds accounts)."""


class PlanOutdatedError(RestoreError):
    """The vault changed between planning and applying: applying could act on stale facts."""
