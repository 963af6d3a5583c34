"""Fails on import, as a plugin with a missing dependency would."""

import tuiauth_dependency_that_does_not_exist  # noqa: F401
