"""Drive the real tuiauth app headless with Textual's Pilot: a factory, fakes, fixtures and readers.

This module is the supported way to test tuiauth (and a plugin's forms) by keys; it is installed with
the package and registered as a pytest plugin, so its fixtures are there without a conftest.
docs/app-testing.md walks through a complete test; docs/ids.md lists the screen, widget and key ids
it relies on. In short::

    async def test_copy(tuiauth_app, tuiauth_clipboard):
        app = tuiauth_app([account("GitHub")], unlocked=True)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.press("c")
            assert tuiauth_clipboard.copied == [account_rows(app)[0].code]

``make_app`` reads no environment variable: the home, clock, clipboard, plugins and KDF are its
arguments, and nothing touches the real clipboard or the wall clock unless asked to. The fixtures are
never autouse, and importing this module loads neither Textual nor the app (pytest imports it in every
run where tuiauth is installed).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # parses the app's own SVG export, never outside input
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from ..app import TuiauthApp
    from ..clipboard import Clipboard
    from ..core.accounts import AccountDraft
    from ..core.crypto import KdfParams
    from ..screens.messages import LoggedMessage

__all__ = [
    "PASSWORD",
    "SECRET",
    "START",
    "AccountRow",
    "FakeClipboard",
    "FakeClock",
    "account",
    "account_rows",
    "advance_clock",
    "create_vault",
    "current_screen",
    "fast_kdf",
    "make_app",
    "messages",
    "paste",
    "screen_names",
    "screen_text",
    "screen_words",
    "set_clock",
    "settle",
]

#: 2026-11-24 22:00:10 UTC: 10 s into a 30 s period. The fake clock starts here.
START = 1_795_903_210.0
#: The password of the vaults ``create_vault`` writes (and the one to type on the unlock screen).
PASSWORD = "correct horse battery staple"  # noqa: S105 - a test vault's password
#: A 160-bit example secret (base32), the default of ``account``.
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a published example secret

Kdf = Literal["fast", "production"]


# --- fakes ---------------------------------------------------------------------------------------
@dataclass
class FakeClock:
    """The time the app reads for codes, countdowns, idle locking and backups; moves only when told.

    After ``set``/``advance`` while the app runs, ``await advance_clock(pilot, s)`` (or
    ``set_clock``) also makes the app redraw at once, without waiting for its next one-second tick."""

    now: float = START

    def __call__(self) -> float:
        return self.now

    def set(self, when: float) -> None:
        self.now = when

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class FakeClipboard:
    """A clipboard that records what was copied.

    ``fail=True``: every copy fails (the app must say so). ``available=False``: there is no system
    clipboard, as over SSH (the app copies through the terminal instead, OSC 52)."""

    fail: bool = False
    available: bool = True
    #: Every text copied, oldest first (the clearing of the clipboard is not a copy).
    copied: list[str] = field(default_factory=list)
    #: What the clipboard holds now ("" once the app cleared it).
    text: str = ""

    def copy(self, text: str) -> bool:
        from ..clipboard import ClipboardError

        if self.fail:
            raise ClipboardError("the clipboard refused the text")
        if not self.available:
            return False
        self.copied.append(text)
        self.text = text
        return True

    def clear_if_holds(self, text: str) -> bool:
        if not self.available or self.fail or self.text != text:
            return False
        self.text = ""
        return True


# --- building the app ------------------------------------------------------------------------------
def fast_kdf() -> KdfParams:
    """The fast key-derivation profile for tests (vaults made with it open in milliseconds)."""
    from ..core.crypto import TEST_KDF

    return TEST_KDF


def _kdf(kdf: Kdf | KdfParams) -> KdfParams | None:
    if kdf == "fast":
        return fast_kdf()
    if kdf == "production":
        return None
    assert not isinstance(kdf, str), f"kdf is 'fast', 'production' or KdfParams, not {kdf!r}"
    return kdf


def account(issuer: str, name: str = "alice", *, secret: str = SECRET, **fields: object) -> AccountDraft:
    """An account to put in a vault: ``secret`` in base32; ``fields``: ``type`` ("totp", "hotp",
    "steam"…), ``digits``, ``period``, ``counter``, ``algorithm``, ``groups``, ``favourite``, ``note``."""
    from ..core.accounts import AccountDraft
    from ..core.secrets import b32decode

    return AccountDraft(issuer=issuer, name=name, secret=b32decode(secret), **fields)  # type: ignore[arg-type]


def _draft(item: str | AccountDraft) -> AccountDraft:
    if isinstance(item, str):
        from ..core.otpauth import parse_uri
        from ..plugins.methods import builtin_methods

        return parse_uri(item, builtin_methods())
    return item


def create_vault(
    home: str | Path,
    accounts: Sequence[str | AccountDraft] = (),
    *,
    password: str = PASSWORD,
    kdf: Kdf | KdfParams = "fast",
) -> None:
    """Write a vault in ``home`` holding ``accounts`` (otpauth:// URIs or ``account(...)``).

    Account ids are ``acc00000``, ``acc00001``… and their timestamps 0, so snapshots are stable."""
    from ..core.accounts import Account
    from ..core.paths import Paths
    from ..core.vault import Vault

    vault, _ = Vault.create(Paths.resolve(home, environ={}).vault_file, password, kdf=_kdf(kdf))
    try:
        for i, item in enumerate(accounts):
            draft = _draft(item)
            vault.data.accounts.append(Account.from_draft(draft, id=f"acc{i:05d}", created_at=0.0, updated_at=0.0))
        vault.save()
    finally:
        vault.close()


def make_app(
    home: str | Path,
    *,
    clock: Callable[[], float] | None = None,
    clipboard: Clipboard | None = None,
    plugins: Mapping[str, object] | None = None,
    entrypoints: bool = False,
    kdf: Kdf | KdfParams = "fast",
    config: Mapping[str, object] | None = None,
    unlock: str | None = None,
    ascii_glyphs: bool = False,
) -> TuiauthApp:
    """The real app over ``home``, reading no environment variable.

    ``clock``: a ``FakeClock`` (a new one at ``START`` when None). ``clipboard``: a ``FakeClipboard``
    (a new one when None; the system clipboard is never used). ``plugins``: name → plugin object
    (a module or instance with ``@hookimpl`` functions), registered as third-party plugins;
    ``entrypoints=True`` also loads the installed ones. ``kdf``: "fast", "production" or
    ``KdfParams``. ``config``: values of config.toml keys for this run (``hide_codes``, ``keymap``…).
    ``unlock``: the password of the vault in ``home`` to open it before start (the accounts screen
    comes first). ``ascii_glyphs``: draw ASCII symbols, as the command line does for ``TERM=linux``
    or ``vt100``. Close the app's vault with ``app.services.close()`` (the fixtures do).
    """
    from ..app import make_app as make_tuiauth_app
    from ..services import Services

    services = Services.create(
        home,
        entrypoints=entrypoints,
        kdf=_kdf(kdf),
        clock=clock or FakeClock(),
        clipboard=clipboard or FakeClipboard(),
        environ={},
    )
    for key, value in (config or {}).items():
        if not hasattr(services.config, key):
            raise KeyError(f"config.toml has no key {key!r}")
        setattr(services.config, key, value)
    for name, plugin in (plugins or {}).items():
        services.plugins.register(plugin, name)
    if unlock is not None:
        from ..core.vault import Vault

        services.vault = Vault.open(services.paths.vault_file, password=unlock, write=True)
    app = make_tuiauth_app(services)
    if ascii_glyphs:
        from ..widgets.glyphs import ASCII

        app.glyphs = ASCII
    return app


# --- reading what a person sees ------------------------------------------------------------------
_SVG = "{http://www.w3.org/2000/svg}"


def screen_text(app: TuiauthApp) -> str:
    """The screen as a person reads it: one line of text per terminal row, trailing spaces removed,
    dialogs with the screen under them and toasts included.

    Read from Textual's public SVG export (``App.export_screenshot``): each run of text is placed at
    its cell column."""
    import rich.cells

    svg = app.export_screenshot()
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for node in ET.fromstring(svg).iter(f"{_SVG}text"):  # noqa: S314 - our own export
        clip, text = node.get("clip-path", ""), (node.text or "").replace("\xa0", " ")
        if "-line-" not in clip or not text:
            continue
        row = int(clip.rsplit("-line-", 1)[1].rstrip(")"))
        cell_width = float(node.get("textLength", "0")) / len(text)
        column = round(float(node.get("x", "0")) / cell_width)
        for char in text:
            if 0 <= row < height and 0 <= column < width:
                grid[row][column] = char
                if rich.cells.cell_len(char) == 2 and column + 1 < width:
                    grid[row][column + 1] = ""
            column += rich.cells.cell_len(char)
    return "\n".join("".join(line).rstrip() for line in grid)


def screen_words(app: TuiauthApp) -> str:
    """``screen_text`` with line breaks and runs of spaces collapsed, so wrapped sentences match."""
    return " ".join(screen_text(app).split())


@dataclass(frozen=True)
class AccountRow:
    """One row of the accounts list as shown: codes without their grouping space (``"123456"``),
    dots when hidden, ``"—"`` when there is none; ``next_code`` only near the end of a period."""

    issuer: str
    name: str
    code: str
    next_code: str | None
    seconds_left: int | None
    note: str
    favourite: bool
    selected: bool


def account_rows(app: TuiauthApp) -> list[AccountRow]:
    """The account rows on screen (scrolled-out rows are not shown, so not listed), top to bottom."""
    from ..widgets.account_list import AccountList

    lists = [s.query(AccountList) for s in reversed(app.screen_stack)]
    widget = next((found.first() for found in lists if found), None)
    if widget is None:
        return []
    top = int(widget.scroll_y)
    rows = []
    for index in range(top, min(len(widget.rows), top + widget.scrollable_content_region.height)):
        item = widget.rows[index]
        view = widget.timer.view(item, widget._now)
        code, _count, next_text = widget._code_cells(view, item)
        rows.append(
            AccountRow(
                issuer=item.issuer,
                name=item.name,
                code=code.replace(" ", ""),
                next_code=next_text.removeprefix(f"{widget.glyphs.arrow} ").replace(" ", "") or None,
                seconds_left=view.remaining if view.period is not None else None,
                note=view.note,
                favourite=item.favourite,
                selected=index == widget.cursor,
            )
        )
    return rows


def messages(app: TuiauthApp) -> list[LoggedMessage]:
    """Every message the app has shown (toasts included, faded or not), oldest first; each has
    ``text``, ``title``, ``severity`` and ``at`` (clock time). ctrl+g shows the same log."""
    return list(app.message_log)


def screen_names() -> set[str]:
    """The name of every screen of the app (each ``Screen`` defined under ``tuiauth.screens``), as
    ``current_screen`` gives them: for a test that must reach them all, like a key sweep."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    from .. import screens

    for module in pkgutil.iter_modules(screens.__path__):
        importlib.import_module(f"{screens.__name__}.{module.name}")
    found: set[str] = set()
    pending: list[type[object]] = [Screen]
    while pending:
        subclasses: list[type[object]] = pending.pop().__subclasses__()
        for sub in subclasses:
            pending.append(sub)
            if sub.__module__.startswith(f"{screens.__name__}."):
                found.add(sub.__name__)
    return found


def current_screen(app: TuiauthApp) -> str:
    """The name of the screen on top (``"AccountsScreen"``…; docs/ids.md lists them)."""
    return type(app.screen).__name__


# --- acting -------------------------------------------------------------------------------------
async def settle(pilot: Pilot[object]) -> None:
    """Wait until the app's background work (key derivation, saves, backups) is done and shown."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def advance_clock(pilot: Pilot[object], seconds: float) -> None:
    """Move the app's ``FakeClock`` on by ``seconds`` and let the app redraw (no sleeping)."""
    clock = _fake_clock(pilot)
    clock.advance(seconds)
    await _tick(pilot, clock)


async def set_clock(pilot: Pilot[object], when: float) -> None:
    """Set the app's ``FakeClock`` to ``when`` (Unix time) and let the app redraw."""
    clock = _fake_clock(pilot)
    clock.set(when)
    await _tick(pilot, clock)


def _fake_clock(pilot: Pilot[object]) -> FakeClock:
    clock = pilot.app.services.clock  # type: ignore[attr-defined]
    if not isinstance(clock, FakeClock):
        raise TypeError("the app was not made with a FakeClock (tuiauth.testing.app.make_app gives one)")
    return clock


async def _tick(pilot: Pilot[object], clock: FakeClock) -> None:
    pilot.app.tick(clock())  # type: ignore[attr-defined]
    await pilot.pause()


async def paste(pilot: Pilot[object], text: str) -> None:
    """Paste ``text`` into the focused field, as a terminal does: one event instead of a key per
    character. Use it for long text (URIs, secrets, paths) where typing is not what is tested."""
    from textual.events import Paste

    pilot.app.post_message(Paste(text))
    await pilot.pause()


# --- pytest fixtures (none is autouse) -------------------------------------------------------------
@pytest.fixture
def tuiauth_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of its own for the vault and config.toml (not created yet, as on a first run),
    outside the test's ``tmp_path`` so that stays the test's own."""
    return tmp_path_factory.mktemp("tuiauth-home") / "home"


@pytest.fixture
def tuiauth_clock() -> FakeClock:
    """The fake clock the ``tuiauth_app`` apps read, at ``START``."""
    return FakeClock()


@pytest.fixture
def tuiauth_clipboard() -> FakeClipboard:
    """The fake clipboard the ``tuiauth_app`` apps copy to."""
    return FakeClipboard()


@pytest.fixture
def tuiauth_kdf() -> KdfParams:
    """The fast key-derivation profile (see ``fast_kdf``)."""
    return fast_kdf()


@pytest.fixture
def tuiauth_app(
    tuiauth_home: Path, tuiauth_clock: FakeClock, tuiauth_clipboard: FakeClipboard, tuiauth_kdf: KdfParams
) -> Iterator[Callable[..., TuiauthApp]]:
    """Make the app over ``tuiauth_home`` with the fake clock, the fake clipboard and the fast KDF.

    ``tuiauth_app()``: no vault yet (the welcome screen). ``tuiauth_app([account("GitHub"), uri])``:
    a vault holding those accounts, locked (password ``PASSWORD``). ``unlocked=True``: already open
    (the accounts screen). Other keywords go to ``make_app`` (``plugins``, ``config``…). Each call
    makes a new app over the same home; their vaults are closed at the end of the test."""
    made: list[TuiauthApp] = []

    def make(
        accounts: Sequence[str | AccountDraft] | None = None,
        *,
        unlocked: bool = False,
        password: str = PASSWORD,
        **options: object,
    ) -> TuiauthApp:
        if accounts is not None:
            create_vault(tuiauth_home, accounts, password=password, kdf=tuiauth_kdf)
        elif unlocked:
            raise ValueError("unlocked=True needs accounts (an empty list for an empty vault)")
        options.setdefault("clock", tuiauth_clock)
        options.setdefault("clipboard", tuiauth_clipboard)
        options.setdefault("kdf", tuiauth_kdf)
        app = make_app(tuiauth_home, unlock=password if unlocked else None, **options)  # type: ignore[arg-type]
        made.append(app)
        return app

    yield make
    for app in made:
        app.services.close()
