"""``check_method`` fails a method whose codes, fields or backup rules are wrong, and passes a right one."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from tuiauth.core.accounts import AccountDraft
from tuiauth.core.specs import MethodSpec
from tuiauth.pluginmanager import PluginManager
from tuiauth.testing import check_method

from ..restore.helpers import methods as restore_methods
from ..third_party_method import SEPTET_URI, septet

TOTP = PluginManager(entrypoints=False).methods()["totp"]
SEED = b"12345678901234567890"
RIGHT = [(AccountDraft(secret=SEED, digits=8), 59, "94287082")]


def test_a_right_vector_passes() -> None:
    check_method(TOTP, RIGHT)


def test_a_wrong_vector_fails_naming_both_codes() -> None:
    with pytest.raises(AssertionError, match="code '94287082', expected '94287083'"):
        check_method(TOTP, [(AccountDraft(secret=SEED, digits=8), 59, "94287083")])


def test_a_vector_given_as_a_uri_is_read_through_the_core() -> None:
    check_method(TOTP, [("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8", 59, "94287082")])


@pytest.mark.parametrize(
    ("changes", "said"),
    [({"default_digits": 9, "max_digits": 8}, "default_digits 9 is outside 4..8"),
     ({"default_algorithm": "SHA256", "algorithms": ("SHA1",)}, "default_algorithm 'SHA256' is not in"),
     ({"periods": (60,)}, "default_period 30 is not in periods"),
     ({"uri_types": ("",)}, "an empty entry in uri_types"),
     ({"code_groups": (4, 0)}, "code_groups"),
     ({"label": ""}, "the label is empty")],
)  # fmt: skip
def test_incoherent_fields_fail(changes: dict[str, object], said: str) -> None:
    with pytest.raises(AssertionError, match=re.escape(said)):
        check_method(replace(TOTP, **changes), RIGHT)  # type: ignore[arg-type]


def test_a_code_that_is_not_deterministic_fails() -> None:
    calls = iter(["94287082", "11111111"])
    with pytest.raises(AssertionError, match="a second call gave another code"):
        check_method(replace(TOTP, code=lambda account, at: next(calls)), RIGHT)


def test_a_code_outside_the_digit_range_fails() -> None:
    with pytest.raises(AssertionError, match=re.escape("11 characters, outside 4..10")):
        check_method(replace(TOTP, code=lambda account, at: "94287082000"), [(RIGHT[0][0], 59, "94287082000")])


def device_code(account: AccountDraft, at: float, device: Mapping[str, str]) -> str:
    return (device.get("key", "") + "0000")[:4]


BOUND = MethodSpec(name="bound", label="Bound", code=device_code, device_bound=True, default_digits=4, min_digits=4)


def test_a_device_bound_method_passes_when_its_values_stay_on_the_device() -> None:
    check_method(BOUND, [(AccountDraft(type="bound", secret=b"s" * 10), 0, "7391")], device={"key": "7391"})


def test_a_backup_that_would_carry_device_bound_values_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the backup to keep the whole vault, secret and device values included, the kit says so."""
    import tuiauth.testing.methods as kit

    monkeypatch.setattr(kit, "backup_data", lambda data, methods: data)
    with pytest.raises(AssertionError, match="a backup carries a device-bound secret"):
        check_method(BOUND, [(AccountDraft(type="bound", secret=b"s" * 10), 0, "7391")], device={"key": "7391"})
    monkeypatch.setattr(kit, "backup_data", lambda data, methods: replace(data, accounts=[
        replace(a, secret=b"", extra={}) for a in data.accounts]))  # fmt: skip
    with pytest.raises(AssertionError, match="the device value 'key' travels in a backup"):
        check_method(BOUND, [(AccountDraft(type="bound", secret=b"s" * 10), 0, "7391")], device={"key": "7391"})


def test_reverify_flows_on_a_method_that_is_not_device_bound_fail() -> None:
    with pytest.raises(AssertionError, match="reverify flows are for device-bound methods"):
        check_method(replace(TOTP, reverify=(object(),)), RIGHT)  # type: ignore[arg-type]


def load_septet() -> MethodSpec:
    path = Path(__file__).resolve().parents[1] / "plugin_packages" / "tuiauth-septet" / "tuiauth_septet.py"
    spec = importlib.util.spec_from_file_location("tuiauth_septet_kit_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (method,) = module.tuiauth_methods()
    return method  # type: ignore[no-any-return]


def test_the_third_party_septet_method_passes_with_its_own_uri_parameter() -> None:
    """Its URI type and ``salt`` parameter are read through the core; the codes come from
    ``tests/third_party_method.py``'s independent reference."""
    at = 1_700_000_000
    check_method(load_septet(), [(SEPTET_URI, at, septet("JBSWY3DPEHPK3PXP", "pepper", at))])


def test_the_device_bound_tap_method_passes() -> None:
    tap = restore_methods()["tap"]
    check_method(tap, [(AccountDraft(type="tap", secret=b"k" * 20), 0, "000000")], device={"device_key": "enrolled"})
