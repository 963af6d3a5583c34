"""Helpers for testing importer plugins (built-in or third-party) against hostile input.

``check_importer_contract(spec, data, password)`` runs ``sniff``, ``needs_password`` and ``parse``
and fails the test on anything off-contract: ``sniff`` must return a number in 0..1, ``needs_password``
a bool, and ``parse`` an ``ImportResult`` of valid drafts or an ``ImportFormatError`` (of which
``ImportPasswordError`` is one) with a message — never another exception. The hypothesis strategies
``mutated(seed)`` and ``json_mutated(seed)`` turn a real sample file into damaged variants::

    @settings(deadline=2000)
    @given(data=mutated(SAMPLE))
    def test_fuzz(data): check_importer_contract(SPEC, data, None)

The golden-file comparison (``check_golden``) is in ``tuiauth.testing.golden``, which needs no
hypothesis.

Importing this module needs hypothesis; the app itself never imports it.
"""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import strategies as st

from ..core.errors import ImportFormatError
from ..core.specs.importers import ImporterSpec, ImportResult

#: Any JSON value (nested up to a dozen leaves), for replacing values in a document.
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


def check_importer_contract(spec: ImporterSpec, data: bytes, password: str | None, filename: str = "x") -> None:
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
