"""The accounts screen: codes and countdowns with a fake clock, search, copy, HOTP, Steam, hidden
codes, reorder, favourites, groups, delete and auto-lock."""

from __future__ import annotations

import pyotp

from tuiauth.core.specs.methods import format_code
from tuiauth.core.vault import Vault
from tuiauth.testing.app import FakeClipboard, current_screen, messages

from .helpers import PASSWORD, SECRET, AppFactory, AppServices, FakeClock, draft, words


def code_at(at: float, secret: str = SECRET) -> str:
    return format_code(pyotp.TOTP(secret).at(int(at)))


def stored(services: AppServices) -> Vault:
    return Vault.open(services.paths.vault_file, password=PASSWORD)


async def test_codes_countdown_and_next_code(vault_with: AppFactory, clock: FakeClock) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert code_at(clock.now) in words(app)
        assert "20s" in words(app)
        assert "→" not in words(app)
        clock.advance(16)  # 26 s into the period: the next code shows beside the current one
        app.tick(clock.now)
        await pilot.pause()
        assert f"→ {code_at(clock.now + 4)}" in words(app)
        assert "4s" in words(app)
        clock.advance(4)  # the period rolled over
        app.tick(clock.now)
        await pilot.pause()
        assert code_at(clock.now) in words(app) and "30s" in words(app)


async def test_only_rows_on_screen_are_computed(vault_with: AppFactory, clock: FakeClock) -> None:
    app = vault_with(*(draft(f"Issuer {i:05d}") for i in range(3000)), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        visible = app.screen.query_one("AccountList").scrollable_content_region.height
        assert app.timer.computations <= visible
        for _ in range(5):  # within one period nothing is computed again
            clock.advance(1)
            app.tick(clock.now)
            await pilot.pause()
        assert app.timer.computations <= visible
        await pilot.press("end")
        assert "Issuer 02999" in words(app)
        assert app.timer.computations <= 2 * visible


async def test_search_filters_as_you_type_and_escape_clears(vault_with: AppFactory) -> None:
    app = vault_with(
        draft("GitHub"), draft("GitLab"), draft("Proton", "bob@git.example"), draft("Steam"), unlocked=True
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"git")
        text = words(app)
        assert "GitHub" in text and "GitLab" in text and "Proton" in text  # issuer or account
        assert "Steam" not in text and "3 of 4 accounts" in text
        await pilot.press(*"l")
        assert "GitLab" in words(app) and "GitHub" not in words(app)
        await pilot.press("escape")
        assert "4 of 4 accounts" in words(app)
        assert app.focused is app.screen.query_one("AccountList")


async def test_copy_falls_back_to_osc52_without_a_system_clipboard(
    vault_with: AppFactory, clock: FakeClock, clipboard: FakeClipboard
) -> None:
    clipboard.available = False  # as over SSH
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.clipboard == pyotp.TOTP(SECRET).at(int(clock.now))
        await pilot.pause(0.1)
        said = messages(app)[-1].text  # the toast's own words, whatever its box wraps
        assert "Code of GitHub (alice) sent to the terminal's clipboard (OSC 52)." in said
        assert "Paste to check: some terminals ignore it." in said and "Copied" not in said


async def test_copied_code_is_cleared_only_if_still_ours(
    vault_with: AppFactory, clock: FakeClock, clipboard: FakeClipboard
) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    services.config.clipboard_clear_seconds = 20
    async with app.run_test(size=(80, 24)) as pilot:
        code = pyotp.TOTP(SECRET).at(int(clock.now))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert clipboard.text == code
        assert app.clipboard != code  # no OSC 52 when the system clipboard works
        clock.advance(19)
        app.tick(clock.now)
        await app.workers.wait_for_complete()
        assert clipboard.text == code
        clock.advance(1)
        app.tick(clock.now)
        await app.workers.wait_for_complete()
        assert clipboard.text == ""

        await pilot.press("c")  # copy again, then the user copies something else
        await app.workers.wait_for_complete()
        clipboard.text = "the user's own text"
        clock.advance(25)
        app.tick(clock.now)
        await app.workers.wait_for_complete()
        assert clipboard.text == "the user's own text"


async def test_hotp_generates_on_demand_and_saves_the_counter(vault_with: AppFactory, clipboard: FakeClipboard) -> None:
    app = vault_with(draft("Bank", type="hotp", counter=5), unlocked=True)
    services = app.services
    hotp = pyotp.HOTP(SECRET)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "generate" in words(app) and format_code(hotp.at(5)) not in words(app)
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert format_code(hotp.at(5)) in words(app)
        await pilot.press("enter")  # Enter on an HOTP row uses (and copies) the next code
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert format_code(hotp.at(6)) in words(app)
        assert clipboard.text == hotp.at(6)
    services.close()
    assert stored(services).data.accounts[0].counter == 7


async def test_steam_rows_show_five_characters(vault_with: AppFactory, clock: FakeClock) -> None:
    app = vault_with(draft("Steam", type="steam", digits=5), unlocked=True)
    services = app.services
    expected = services.plugins.method("steam").code(services.vault.data.accounts[0], clock.now)  # type: ignore[union-attr]
    async with app.run_test(size=(80, 24)):
        assert len(expected) == 5 and not expected.isdigit()
        assert expected in words(app)


async def test_hidden_codes_are_dots_until_revealed(vault_with: AppFactory, clock: FakeClock) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    services.config.hide_codes = True
    services.config.reveal_seconds = 5
    async with app.run_test(size=(80, 24)) as pilot:
        code = code_at(clock.now)
        assert code not in words(app) and "••• •••" in words(app)
        await pilot.press("r")
        assert code in words(app)
        clock.advance(5)
        app.tick(clock.now)
        await pilot.pause()
        assert code_at(clock.now) not in words(app) and "••• •••" in words(app)


async def test_reorder_is_saved_and_kept_after_restart(vault_with: AppFactory, new_app: AppFactory) -> None:
    app = vault_with(draft("Alpha"), draft("Bravo"), draft("Charlie"))
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#secret").value = PASSWORD  # type: ignore[attr-defined]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("shift+down")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("AccountList").selected.issuer == "Alpha"  # type: ignore[union-attr]
    services.close()

    app = new_app()
    again = app.services
    again.vault = Vault.open(again.paths.vault_file, password=PASSWORD, write=True)
    async with app.run_test(size=(80, 24)):
        rows = [a.issuer for a in app.screen.query_one("AccountList").rows]
        assert rows == ["Bravo", "Alpha", "Charlie"]


async def test_favourites_are_pinned_on_top_and_saved(vault_with: AppFactory) -> None:
    app = vault_with(draft("Alpha"), draft("Bravo"), draft("Charlie"), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("end", "f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        listing = app.screen.query_one("AccountList")
        assert [a.issuer for a in listing.rows] == ["Charlie", "Alpha", "Bravo"]
        assert "★ 815 047 Charlie" in words(app)
        await pilot.press("shift+down")  # a favourite cannot move below the others
        assert next(a.issuer for a in listing.rows) == "Charlie"
    services.close()
    assert [a.favourite for a in stored(services).data.accounts] == [False, False, True]


async def test_group_filter_cycles_through_groups(vault_with: AppFactory) -> None:
    app = vault_with(
        draft("Alpha", groups=["work"]),
        draft("Bravo", groups=["home"]),
        draft("Charlie", groups=["work"]),
        unlocked=True,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")  # groups in name order: home, then work
        assert "group: home" in words(app) and "1 of 3" in words(app)
        await pilot.press("g")
        assert "group: work" in words(app)
        assert [a.issuer for a in app.screen.query_one("AccountList").rows] == ["Alpha", "Charlie"]
        await pilot.press("g")
        assert "3 of 3" in words(app) and "group:" not in words(app)


async def test_delete_asks_naming_the_account(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub", "alice"), draft("GitLab", "bob"), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        assert current_screen(app) == "ConfirmScreen"
        assert "Delete GitHub (alice)?" in words(app)
        await pilot.press("n")
        assert current_screen(app) == "AccountsScreen" and "2 of 2" in words(app)
        await pilot.press("d", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 of 1" in words(app) and "GitHub" not in words(app).replace("Deleted GitHub", "")
    services.close()
    assert [a.issuer for a in stored(services).data.accounts] == ["GitLab"]


async def test_auto_lock_after_idle(vault_with: AppFactory, clock: FakeClock) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    services.config.auto_lock_minutes = 2
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(100)
        await pilot.press("down")  # a key press is activity: the idle time starts again
        clock.advance(100)
        app.tick(clock.now)
        await pilot.pause()
        assert current_screen(app) == "AccountsScreen"
        clock.advance(21)
        app.tick(clock.now)
        await pilot.pause()
        assert current_screen(app) == "UnlockScreen"
        assert services.vault is None
        assert "Locked after 2 minutes" in words(app)
        assert code_at(clock.now) not in words(app)
