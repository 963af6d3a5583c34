"""Hypothesis strategies and the contract check shared by the importer fuzz tests.

The contract: ``sniff`` returns a float in 0..1 and never raises, ``needs_password`` returns a bool,
``parse`` returns an ImportResult or raises ImportFormatError (ImportPasswordError is one); never any
other exception, and never slower than ``DEADLINE_MS`` per example.
"""

from __future__ import annotations

import os
from typing import Any

import orjson
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tuiauth.core.errors import ImportFormatError
from tuiauth.core.specs.importers import ImporterSpec, ImportResult

DEADLINE_MS = 2000

#: Shared settings: enough examples to find crashes, few enough to keep the suite fast. For a deeper
#: local campaign: ``TUIAUTH_FUZZ_EXAMPLES=5000 pytest tests/plugins/importers -k fuzz``.
FUZZ = settings(
    max_examples=int(os.environ.get("TUIAUTH_FUZZ_EXAMPLES", "60")),
    deadline=DEADLINE_MS,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def _apply(seed: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    data = bytearray(seed)
    for kind, position, chunk in edits:
        at = position % (len(data) + 1)
        if kind == 0 and data:  # flip one byte
            data[at % len(data)] ^= chunk[0] if chunk else 0xFF
        elif kind == 1:  # insert
            data[at:at] = chunk
        elif kind == 2:  # delete a run
            del data[at : at + len(chunk) + 1]
        else:  # truncate
            del data[at:]
    return bytes(data)


def mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """``seed`` with up to five byte flips, insertions, deletions or a truncation."""
    edit = st.tuples(st.integers(0, 3), st.integers(0, max(len(seed), 1)), st.binary(max_size=8))
    return st.lists(edit, max_size=5).map(lambda edits: _apply(seed, edits))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


def json_mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """``seed`` (a JSON document) with one value somewhere replaced by a random JSON value."""
    document = orjson.loads(seed)
    paths = _paths(document)
    return st.tuples(st.sampled_from(paths), json_values).map(lambda pv: orjson.dumps(_replace(document, pv[0], pv[1])))


def check_contract(spec: ImporterSpec, data: bytes, password: str | None, filename: str = "x") -> None:
    """Run sniff, needs_password and parse on hostile ``data``; fail on anything off-contract."""
    confidence = spec.sniff(data[: 64 * 1024], filename)
    assert isinstance(confidence, float | int) and 0 <= confidence <= 1
    assert isinstance(spec.needs_password(data), bool)
    try:
        result = spec.parse(data, password)
    except ImportFormatError as exc:
        assert exc.message
        return
    assert isinstance(result, ImportResult)
    for draft in result.drafts:
        draft.check()
