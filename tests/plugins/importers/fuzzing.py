"""Hypothesis settings, strategies and the contract check shared by the importer fuzz tests (the
strategies and the check live in ``tuiauth.testing.importers`` for plugin authors too).

The contract: ``sniff`` returns a float in 0..1 and never raises, ``needs_password`` returns a bool,
``parse`` returns an ImportResult or raises ImportFormatError (ImportPasswordError is one); never any
other exception, and never slower than ``DEADLINE_MS`` per example.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from tuiauth.testing.importers import check_importer_contract, json_mutated, json_values, mutated

#: Shared settings: enough examples to find crashes, few enough to keep the suite fast. For a deeper
#: local campaign: ``TUIAUTH_FUZZ_EXAMPLES=5000 pytest tests/plugins/importers -k fuzz``. No deadline:
#: a timed check fails on a loaded machine (3 s seen with the suite in parallel); the work caps of the
#: importers are tested by their own refusals.
FUZZ = settings(
    max_examples=int(os.environ.get("TUIAUTH_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

check_contract = check_importer_contract

__all__ = ["FUZZ", "check_contract", "json_mutated", "json_values", "mutated"]
