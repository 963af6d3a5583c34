"""The code timer computes each code once per period, only for the rows asked, with the next code
near the end of a period; tested with plain numbers as the clock."""

from __future__ import annotations

import pyotp
import pytest

from tuiauth.core.accounts import Account, AccountDraft
from tuiauth.core.codetimer import CodeTimer, delay_to_next_second
from tuiauth.core.errors import AccountError
from tuiauth.core.secrets import b32decode, b32encode
from tuiauth.core.specs.methods import MethodSpec

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def _totp(account: AccountDraft, at: float) -> str:
    if account.secret == b"bad":
        raise AccountError("bad secret")
    return pyotp.TOTP(b32encode(account.secret), interval=account.period).at(int(at))


def _hotp(account: AccountDraft, at: float) -> str:
    return pyotp.HOTP(b32encode(account.secret)).at(account.counter)


METHODS = {
    "totp": MethodSpec(name="totp", label="TOTP", code=_totp),
    "hotp": MethodSpec(name="hotp", label="HOTP", code=_hotp, counter_based=True),
}


@pytest.fixture
def timer() -> CodeTimer:
    return CodeTimer(METHODS.get)


def _account(period: int = 30, **kw: object) -> Account:
    return Account(issuer="Example", name="a@b", secret=b32decode(SECRET), period=period, **kw)  # type: ignore[arg-type]


def test_code_matches_rfc_totp_and_counts_down(timer: CodeTimer) -> None:
    acc = _account()
    view = timer.view(acc, 1_000_000_010.0)
    assert view.code == pyotp.TOTP(SECRET).at(1_000_000_010)
    assert view.period == 30
    assert view.remaining == 30 - (1_000_000_010 % 30)


def test_code_is_computed_once_per_period(timer: CodeTimer) -> None:
    acc = _account()
    start = 1_000_000_020.0  # 20 s into a 30 s window
    for second in range(5):
        timer.view(acc, start - 20 + second)
    assert timer.computations == 1


def test_next_code_appears_in_the_last_seconds_and_is_reused_at_rollover(timer: CodeTimer) -> None:
    acc = _account()
    window_start = 1_000_000_020 - 1_000_000_020 % 30
    early = timer.view(acc, window_start + 10)
    assert early.next_code == ""
    late = timer.view(acc, window_start + 27)
    assert late.next_code == pyotp.TOTP(SECRET).at(window_start + 30)
    assert timer.computations == 2
    rolled = timer.view(acc, window_start + 30)
    assert rolled.code == late.next_code
    assert timer.computations == 2  # the next code became the current one without a new computation


def test_edited_account_is_recomputed(timer: CodeTimer) -> None:
    acc = _account()
    timer.view(acc, 1_000_000_000.0)
    edited = acc.touched(secret=b32decode("GEZDGNBVGY3TQOJQGEZDGNBV"))
    edited.updated_at = acc.updated_at + 1
    view = timer.view(edited, 1_000_000_001.0)
    assert view.code == pyotp.TOTP("GEZDGNBVGY3TQOJQGEZDGNBV").at(1_000_000_001)
    assert timer.computations == 2


def test_only_rows_asked_for_are_computed(timer: CodeTimer) -> None:
    accounts = [_account() for _ in range(1000)]
    for acc in accounts[:20]:
        timer.view(acc, 1_000_000_000.0)
    assert timer.computations == 20


def test_counter_based_shows_nothing_until_generated(timer: CodeTimer) -> None:
    acc = _account(type="hotp", counter=3)
    view = timer.view(acc, 1_000_000_000.0)
    assert view.code == "" and "counter 3" in view.note
    timer.use_counter_code(acc.id, 3, "123456")
    assert timer.view(acc, 1_000_000_000.0).code == "123456"
    timer.forget(acc.id)
    assert timer.view(acc, 1_000_000_000.0).code == ""
    assert timer.computations == 0


def test_unknown_method_and_failing_method_say_why(timer: CodeTimer) -> None:
    assert "no 'push' method" in timer.view(_account(type="push"), 0.0).note
    broken = Account(issuer="X", secret=b"bad")
    assert timer.view(broken, 0.0).code == ""
    assert "cannot make codes" in timer.view(broken, 0.0).note


def test_clear_forgets_everything(timer: CodeTimer) -> None:
    acc = _account()
    timer.view(acc, 0.0)
    timer.clear()
    timer.view(acc, 1.0)
    assert timer.computations == 2


@pytest.mark.parametrize(("now", "delay"), [(10.0, 1.0), (10.25, 0.75), (10.999, 0.001)])
def test_ticks_align_to_the_wall_clock(now: float, delay: float) -> None:
    assert delay_to_next_second(now) == pytest.approx(delay)
