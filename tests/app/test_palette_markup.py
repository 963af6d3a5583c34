"""The command palette by keys on each kind of screen, the theme chosen there and saved, and text from
people, plugins, key names, paths and errors shown as it is (never read as Textual markup)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tuiauth.core.accounts import AccountDraft
from tuiauth.core.config import Config
from tuiauth.core.specs import MethodSpec
from tuiauth.hookspecs import hookimpl
from tuiauth.testing.app import current_screen

from .helpers import AppFactory, draft, screen_text, words

#: Each one is a tag, a closing tag, a link or an action in Textual's markup.
BOLD, CLOSE, LINK, CLICK = "[b]Bold", "x[/]", "[link=https://evil.example]here[/link]", "[@click=app.quit]Quit[/]"


async def test_palette_opens_on_the_accounts_screen(vault_with: AppFactory) -> None:
    """ctrl+p once ended the app: the help under each command was parsed as markup (``[/]``)."""
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert current_screen(app) == "CommandPalette"
        text = words(app)
        assert "Copy the selected code (HOTP: the next one) · key ⏎" in text
        await pilot.press(*"delete", "enter")
        await pilot.pause()
        assert "Delete GitHub (alice)?" in words(app)
        assert app.is_running


async def test_theme_is_changed_from_the_palette_and_saved(vault_with: AppFactory) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"theme", "enter")
        await pilot.pause()
        await pilot.press(*"nord", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.theme == "nord"
        assert current_screen(app) == "AccountsScreen"
    assert Config.load(services.paths.config_file).theme == "nord"


async def test_palette_lists_commands_not_text_editing_keys(vault_with: AppFactory) -> None:
    """On the unlock screen the password field has focus: its editing keys are not commands. On the
    help screen a command without a tooltip shows its key, not its title a second time."""
    app = vault_with(draft("GitHub"))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert "Use recovery key" in lines and "Delete character left" not in lines
        assert "Cut selected text" not in lines
        await pilot.press("escape", "f1", "ctrl+p")
        await pilot.pause()
        lines = [line.strip() for line in screen_text(app).splitlines() if line.strip()]
        assert "Close" in lines and "key esc" in lines
        assert all(a != b for a, b in itertools.pairwise(lines)), lines


class MarkupMethod:
    """A method plugin whose label and description look like markup."""

    @hookimpl
    def tuiauth_methods(self) -> list[MethodSpec]:
        def code(account: AccountDraft, at: float) -> str:
            return "123456"

        return [MethodSpec(name="markupotp", label=f"{BOLD} {CLICK}", code=code, description=LINK)]


@pytest.fixture
def tuiauth_home(tmp_path: Path) -> Path:
    """The app tests of this file keep their vault in a folder whose name looks like markup."""
    return tmp_path / "[b]home[/]"


async def test_markup_looking_text_is_shown_as_it_is(vault_with: AppFactory, tuiauth_home: Path) -> None:
    markup_home = tuiauth_home
    app = vault_with(
        draft(f"Git{BOLD}", CLOSE, groups=[LINK], note=f"note {CLICK}"),
        draft("Plain", "bob"),
        plugins={"markup-test": MarkupMethod()},
        config={"keymap": {"add": "left_square_bracket", "search": "right_square_bracket"}},
    )
    async with app.run_test(size=(100, 30)) as pilot:
        assert f"Vault: {markup_home}/vault.tuiauth" in words(app)
        await pilot.press(*"wrong password", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"correct horse battery staple", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert current_screen(app) == "AccountsScreen"
        text = words(app)
        assert f"Git{BOLD}" in text and CLOSE in text
        assert "[ Add" in text  # the key bar shows the remapped key
        await pilot.press("g")  # the group filter names the group in the header
        assert f"group: {LINK}" in words(app)
        await pilot.press("g", "right_square_bracket", *"click")  # the note is searched
        assert f"Git{BOLD}" in words(app) and "Plain" not in words(app)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        assert "Add an account: URI, QR image or form · key [" in words(app)
        await pilot.press("escape", "f1")
        assert "[ Add — Add an account: URI, QR image or form add" in words(app)
        await pilot.press("escape", "d")
        assert f"Delete Git{BOLD} ({CLOSE})?" in words(app)
        await pilot.press("n", "left_square_bracket")
        assert current_screen(app) == "AccountFormScreen"
        await pilot.press("ctrl+p")  # the palette over the form
        await pilot.pause()
        await pilot.press("escape", "escape", "e")  # edit: the title names the account
        await pilot.pause()
        assert f"Edit Git{BOLD} ({CLOSE})" in words(app)
        await pilot.press("tab", "tab", "tab", "enter")  # the type list, with the plugin's label
        await pilot.pause()
        assert f"{BOLD} {CLICK}" in words(app)
        assert app.is_running
