"""The vault doctor by keys at 80×24: D (or the palette) opens it, the findings and their advice are
read off the screen, t checks against another app, e opens the edit form and Enter goes to the account."""

from __future__ import annotations

from tuiauth.testing.app import account_rows, current_screen, screen_text, settle

from .helpers import AppFactory, draft, words
from .test_restore_flow import with_tap

OTHER = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
SHORT = "JBSWY3DPEHPK3PXP"  # 80 bits


def doctor_vault(vault_with: AppFactory):  # type: ignore[no-untyped-def]
    return vault_with(
        draft("GitHub"),
        draft("GitLab"),  # the same (default) secret as GitHub
        draft("Weak", "bob", secret=SHORT),
        draft("Bank", "carol", secret=OTHER, period=60),
        draft("", "dave", secret="MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"),
        draft("Corp", "erin", type="tap", secret="ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZU"),
        unlocked=True,
        plugins=with_tap(),
    )


async def test_the_doctor_lists_each_finding_with_what_to_do(vault_with: AppFactory) -> None:
    app = doctor_vault(vault_with)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D")
        await settle(pilot)
        assert current_screen(app) == "DoctorScreen"
        text = words(app)
        assert "Nothing changes here: Enter goes to the account, e opens its edit form" in text
        assert "5 finding(s)." in text
        for line in (
            "same secret: GitHub (alice)",
            "same secret: GitLab (alice)",
            "short secret: Weak (bob)",
            "no issuer: dave",
            "not verified: Corp (erin)",
        ):
            assert line in text
        assert "Bank" not in text  # a 60-second period is fine until an app is chosen
        assert "Has the same secret as GitLab (alice): if they are one account, delete the extra one" in text
        # It fits 80×24: the last finding, the advice and the keys are all on screen.
        assert len(screen_text(app).splitlines()) <= 24 and "e Edit t Target app esc Close" in text

        await pilot.press("down", "down")
        assert "Its secret has 80 bits, fewer than 128" in words(app)

        await pilot.press("t")
        await settle(pilot)
        text = words(app)
        assert "7 finding(s). Checked against google-transfer." in text
        assert "cannot move: Bank (carol)" in text and "cannot move: Corp (erin)" in text
        await pilot.press("down", "down", "down")  # after the two duplicates and the short secret
        assert "Google Authenticator only uses 30-second codes, not 60" in words(app)

        await pilot.press("e")
        await settle(pilot)
        assert current_screen(app) == "AccountFormScreen" and "carol" in words(app)
        await pilot.press("escape")
        await settle(pilot)
        assert current_screen(app) == "DoctorScreen"

        await pilot.press("enter")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen"
        assert [(r.issuer, r.name) for r in account_rows(app) if r.selected] == [("Bank", "carol")]


async def test_the_doctor_is_in_the_palette_and_the_help(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1", "end")
        await settle(pilot)
        assert "Vault doctor" in words(app)
        await pilot.press("escape", "ctrl+p", *"vault doctor")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert current_screen(app) == "DoctorScreen"
        assert "No findings." in words(app)
        assert "Nothing in the vault needs a look." in words(app)
