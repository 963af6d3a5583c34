"""Another session (a second window, a command) saves the vault: the app shows its change on the
next tick, keeping the selection and the search, and a clashing change says what clashed."""

from __future__ import annotations

from tuiauth.core.accounts import Account
from tuiauth.core.vault import Vault
from tuiauth.testing.app import FakeClock, account_rows, advance_clock, messages, settle

from .helpers import PASSWORD, AppFactory, draft


def _other_session(app: object) -> Vault:
    return Vault.open(app.services.paths.vault_file, password=PASSWORD, write=True)  # type: ignore[attr-defined]


async def test_an_account_added_elsewhere_appears_keeping_the_selection_and_search(
    vault_with: AppFactory, clock: FakeClock
) -> None:
    app = vault_with(draft("GitHub"), draft("GitLab"), draft("Mail"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"git", "down")
        await settle(pilot)
        assert [(r.issuer, r.selected) for r in account_rows(app)] == [("GitHub", False), ("GitLab", True)]
        with _other_session(app) as other:
            other.data.accounts.append(Account(issuer="Gitea", name="alice", secret=b"0123456789"))
            other.data.accounts.append(Account(issuer="Bank", name="alice", secret=b"9876543210"))
            other.save()
        await advance_clock(pilot, 1)
        await settle(pilot)
        rows = [(r.issuer, r.selected) for r in account_rows(app)]
        assert sorted(rows) == [("GitHub", False), ("GitLab", True), ("Gitea", False)]
        assert "Bank" in [a.issuer for a in app.services.vault.data.accounts]


async def test_a_clashing_edit_is_refused_saying_what_the_other_session_changed(
    vault_with: AppFactory, clock: FakeClock
) -> None:
    app = vault_with(draft("GitHub"), draft("GitLab"), unlocked=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        with _other_session(app) as other:  # saved before this app noticed: its list is one version behind
            del other.data.accounts[0]
            other.save()
        await pilot.press("f")  # GitHub made a favourite here, removed there
        await settle(pilot)
        said = messages(app)[-1]
        assert said.title == "Not saved" and "GitHub (alice) was removed there while it was changed here" in said.text
        await advance_clock(pilot, 1)
        await settle(pilot)
        assert [(r.issuer, r.favourite) for r in account_rows(app)] == [("GitLab", False)]
