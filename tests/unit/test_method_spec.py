"""What a ``MethodSpec`` tells the core: code grouping, field ranges, and the device-bound values a
``code`` function may take (two-argument functions keep working)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from tuiauth.core import account_ops
from tuiauth.core.accounts import AccountDraft
from tuiauth.core.crypto import KdfParams
from tuiauth.core.errors import AccountError
from tuiauth.core.plugincall import Caller, isolate
from tuiauth.core.specs.methods import MethodSpec, format_code
from tuiauth.core.vault import Vault


def test_format_code_groups() -> None:
    assert format_code("123456") == "123 456"
    assert format_code("12345678") == "1234 5678"
    assert format_code("1234567") == "123 4567"
    assert format_code("7KX2M") == "7KX2M"
    assert format_code("ABCDEFG", (4, 3)) == "ABCD EFG"
    assert format_code("ABCDEFGHI", (2, 2)) == "AB CD EFGHI"  # the rest in a last group
    assert format_code("ABC", (4, 3)) == "ABC"
    assert format_code("3a5f9c", ()) == "3a5f9c"


def _spec(**fields: object) -> MethodSpec:
    return MethodSpec(name="x", label="X", code=lambda account, at: "", **fields)  # type: ignore[arg-type]


def test_fields_give_the_ranges() -> None:
    seven = _spec(min_digits=7, max_digits=7, algorithms=("SHA256",), periods=(20, 40))
    seven.check_fields(AccountDraft(type="x", secret=b"k", digits=7, algorithm="SHA256", period=40))
    for wrong, said in (
        ({"digits": 6}, "a X code has 7 characters, not 6"),
        ({"algorithm": "SHA1"}, "a X account uses SHA256, not SHA1"),
        ({"period": 30}, "a X account has a period of 20 s or 40 s, not 30 s"),
        ({"secret": b""}, "the secret is empty"),
    ):
        draft = AccountDraft(type="x", **{"secret": b"k", "digits": 7, "algorithm": "SHA256", "period": 20, **wrong})
        with pytest.raises(AccountError) as caught:
            seven.check_fields(draft)
        assert caught.value.message == said
    _spec(needs_secret=False).check_fields(AccountDraft(type="x"))
    assert _spec().hosts == ("x",) and _spec(uri_types=("Sept7", "septet")).hosts == ("sept7", "septet")


def _add(vault: Vault, methods: Mapping[str, MethodSpec], kind: str, device: dict[str, str]) -> str:
    account = account_ops.add_account(vault, AccountDraft(issuer=kind, type=kind, secret=kind.encode()), methods)
    vault.data.device[account.id] = device
    return account.id


def test_code_receives_the_device_values_when_it_takes_them(tmp_path: Path, fast_kdf: KdfParams) -> None:
    def with_device(account: AccountDraft, at: float, device: Mapping[str, str]) -> str:
        return f"{device.get('key', 'none')}-{int(at)}"

    def without(account: AccountDraft, at: float) -> str:
        return f"old-{int(at)}"

    caller = Caller("a-plugin", timeout=lambda: 0.0)
    methods = {  # as the plugin manager hands them out: isolated
        "bound": isolate(MethodSpec(name="bound", label="Bound", code=with_device, device_bound=True), caller),
        "plain": isolate(MethodSpec(name="plain", label="Plain", code=without), caller),
    }
    vault, _ = Vault.create(tmp_path / "v", "pw", kdf=fast_kdf)
    try:
        bound = _add(vault, methods, "bound", {"key": "device-key"})
        plain = _add(vault, methods, "plain", {"key": "unused"})
        assert account_ops.use_code(vault, methods, bound, 60.0) == "device-key-60"
        assert account_ops.use_code(vault, methods, plain, 60.0) == "old-60"
        assert methods["bound"].compute(AccountDraft(type="bound"), 1.0) == "none-1"  # no values: an empty mapping
    finally:
        vault.close()
