"""Search by keys: several words, each matching the issuer, account, group or note (a word's start or
its letters in order), Down/Up through the matches while typing, Enter copies the best one, and a
line saying so when nothing matches."""

from __future__ import annotations

import pyotp

from tuiauth.testing.app import FakeClipboard

from .helpers import AppFactory, FakeClock, draft, words

SECRETS = {
    "alice027": "JBSWY3DPEHPK3PXPJBSWY3DP",
    "bob": "GEZDGNBVGY3TQOJQGEZDGNBV",
    "carol": "MFRGGZDFMZTWQ2LKMFRGGZDF",
}


async def test_words_match_issuer_account_group_and_note(vault_with: AppFactory) -> None:
    app = vault_with(
        draft("Kraken", "bob", secret=SECRETS["bob"]),
        draft("Kraken", "alice027", secret=SECRETS["alice027"]),
        draft("GitHub", "carol", secret=SECRETS["carol"], groups=["work"]),
        draft("Proton", "dave", note="recovery codes in the safe"),
        unlocked=True,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"kraken 027")
        text = words(app)
        assert "alice027" in text and "bob" not in text and "1 of 4 accounts" in text
        await pilot.press("escape", "slash", *"krk al")  # letters in order, like fzf
        assert "alice027" in words(app) and "bob" not in words(app)
        await pilot.press("escape", "slash", *"work")  # a group
        assert "GitHub" in words(app) and "1 of 4 accounts" in words(app)
        await pilot.press("escape", "slash", *"safe")  # the note
        assert "Proton" in words(app) and "1 of 4 accounts" in words(app)
        await pilot.press("escape", "slash", *"zebra")
        assert 'No account matches "zebra" (Esc clears the search).' in words(app)
        assert "0 of 4 accounts" in words(app)


async def test_down_up_and_enter_while_typing(
    vault_with: AppFactory, clock: FakeClock, clipboard: FakeClipboard
) -> None:
    app = vault_with(
        draft("Kraken", "bob", secret=SECRETS["bob"]),
        draft("Kraken", "alice027", secret=SECRETS["alice027"]),
        draft("Steam", "carol", secret=SECRETS["carol"]),
        unlocked=True,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"kra", "down", "down", "up")  # still in the search field
        await pilot.press(*"ken")
        assert app.screen.query_one("#search").value == "kraken"  # type: ignore[attr-defined]
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        assert clipboard.text == pyotp.TOTP(SECRETS["alice027"]).at(int(clock.now))
        await pilot.press("slash", "ctrl+u", *"al", "enter")  # the best match first: alice027, not Kraken's bob
        await app.workers.wait_for_complete()
        assert clipboard.text == pyotp.TOTP(SECRETS["alice027"]).at(int(clock.now))
