"""The method kit: check a ``MethodSpec`` against known codes and the rules every method follows.

A method author calls ``check_method`` from a test with test vectors — RFC-style tables of the codes
an account must give — and it fails the test on anything off-contract::

    from tuiauth.testing import check_method

    def test_rfc_6238_vectors():
        check_method(SPEC, [
            ("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8", 59, "94287082"),
            (AccountDraft(secret=b"12345678901234567890", digits=8), 1111111109, "07081804"),
        ])

Each vector is ``(account, at, expected)``: ``account`` an ``AccountDraft`` or a Key URI (read
through the core as the app reads it, so the method's URI fields are exercised too); ``at`` the unix
time, or for a counter-based method the counter; ``expected`` the code. ``check_method`` checks that

- the spec's fields agree with each other: a name and a label, the default digits inside
  ``min_digits..max_digits``, the default algorithm among ``algorithms``, the default period among
  ``periods`` (when they are given), URI types and parameters non-empty, code groups of positive size;
- each vector's code is the expected one, a ``str`` with a length in the digit range, the same when
  computed twice, and that ``display`` only adds spaces to it;
- a method that is not ``device_bound`` travels whole in a backup; a ``device_bound`` one travels as
  its identity only: the backup copy has no secret and no ``extra`` values, and none of the account's
  device values (``device=`` here, the third argument of ``code``) appear in the backup's bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..core.accounts import Account, AccountDraft
from ..core.backup.body import backup_data, travels_whole
from ..core.otpauth import parse_uri
from ..core.specs.methods import MethodSpec
from ..core.vaultdata import VaultData

#: ``(account or Key URI, unix time or counter, expected code)``.
Vector = tuple[AccountDraft | str, float, str]


def check_method_fields(spec: MethodSpec) -> None:
    """Fail when the spec's declared fields contradict each other (see the module docstring)."""
    assert spec.name and spec.name.strip() == spec.name, f"name {spec.name!r}: non-empty, no outer spaces"
    assert spec.label, f"{spec.name}: the label is empty"
    assert 1 <= spec.min_digits <= spec.max_digits, f"{spec.name}: digits {spec.min_digits}..{spec.max_digits}"
    assert spec.min_digits <= spec.default_digits <= spec.max_digits, (
        f"{spec.name}: default_digits {spec.default_digits} is outside {spec.min_digits}..{spec.max_digits}"
    )
    assert spec.algorithms, f"{spec.name}: algorithms is empty"
    assert spec.default_algorithm in spec.algorithms, (
        f"{spec.name}: default_algorithm {spec.default_algorithm!r} is not in {spec.algorithms}"
    )
    assert spec.default_period >= 1, f"{spec.name}: default_period {spec.default_period}"
    if spec.periods and not spec.counter_based:
        assert spec.default_period in spec.periods, (
            f"{spec.name}: default_period {spec.default_period} is not in periods {spec.periods}"
        )
    for field_name in ("uri_types", "uri_parameters", "uri_encoders", "uri_schemes"):
        values = getattr(spec, field_name)
        assert all(isinstance(v, str) and v.strip() for v in values), f"{spec.name}: an empty entry in {field_name}"
    if spec.code_groups:
        assert all(size >= 1 for size in spec.code_groups), f"{spec.name}: code_groups {spec.code_groups}"
    if spec.reverify:
        assert spec.device_bound, f"{spec.name}: reverify flows are for device-bound methods"


def _account(spec: MethodSpec, account: AccountDraft | str, at: float) -> tuple[AccountDraft, float]:
    draft = parse_uri(account, {spec.name: spec}) if isinstance(account, str) else account
    assert draft.type == spec.name, f"the vector's account is of type {draft.type!r}, not {spec.name!r}"
    if spec.counter_based:
        return replace(draft, counter=int(at)), 0.0
    return draft, float(at)


def check_vector(
    spec: MethodSpec, account: AccountDraft | str, at: float, expected: str, device: Mapping[str, str]
) -> None:
    """Fail unless ``account`` gives ``expected`` at ``at`` (a counter for a counter-based method)."""
    draft, when = _account(spec, account, at)
    code = spec.compute(draft, when, device)
    where = f"{spec.name} at {at}"
    assert isinstance(code, str), f"{where}: code returned {type(code).__name__}, not str"
    assert code == expected, f"{where}: code {code!r}, expected {expected!r}"
    assert spec.compute(draft, when, device) == code, f"{where}: a second call gave another code"
    assert spec.min_digits <= len(code) <= spec.max_digits, (
        f"{where}: {len(code)} characters, outside {spec.min_digits}..{spec.max_digits}"
    )
    assert spec.display(code).replace(" ", "") == code, f"{where}: display({code!r}) changes more than spaces"


def check_backup_rules(spec: MethodSpec, account: AccountDraft, device: Mapping[str, str]) -> None:
    """Fail unless a backup carries ``account`` whole (not device-bound) or as its identity only,
    with none of its ``device`` values (device-bound)."""
    stored = Account.from_draft(account)
    data = VaultData(accounts=[stored], device={stored.id: dict(device)})
    methods = {spec.name: spec}
    copy = backup_data(data, methods)
    body = copy.to_json()
    assert travels_whole(stored, methods) is not spec.device_bound
    (carried,) = copy.accounts
    assert (carried.issuer, carried.name, carried.type) == (stored.issuer, stored.name, stored.type)
    if not spec.device_bound:
        assert carried.secret == stored.secret and carried.extra == stored.extra, f"{spec.name}: a backup loses data"
        return
    assert carried.secret == b"" and carried.extra == {}, f"{spec.name}: a backup carries a device-bound secret"
    for key, value in device.items():
        assert value.encode() not in body, f"{spec.name}: the device value {key!r} travels in a backup"


def check_method(spec: MethodSpec, vectors: Sequence[Vector], *, device: Mapping[str, str] | None = None) -> None:
    """Check ``spec``'s fields, its codes against ``vectors`` and its backup rules (the module docstring
    lists each check). ``device``: the device-bound values passed to ``code`` (device-bound methods)."""
    assert vectors, "check_method needs at least one vector"
    device = dict(device or {})
    check_method_fields(spec)
    for account, at, expected in vectors:
        check_vector(spec, account, at, expected, device)
    for account, at, _ in vectors:
        check_backup_rules(spec, _account(spec, account, at)[0], device)
