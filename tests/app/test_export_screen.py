"""Export from the app, by keys: a format from the exporter plugins; QR formats shown batch by
batch ("batch 2 of 3", n/p/Enter) after a confirm, with what they leave out listed; files written
0600 after a confirm for secrets in the clear, never over an existing file; encrypted exports
need the password twice. Every code is read back with zxing-cpp and imported again."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from tuiauth.plugins.importers import aegis, google_transfer, uri_list

from ..qr_scan import code_size, codes_on_screen, prose
from .helpers import AppFactory, draft, screen_text

ACCOUNTS = [
    draft("GitHub", "alice@example.com"),
    draft("GitLab", "alice", type="hotp", counter=7),
    draft("Proton", "dave@proton.me", algorithm="SHA256", digits=8),
    draft("Steam", "bob", type="steam", digits=5),
    draft("Slow", "carol", period=60),
]


def _names(drafts: object) -> set[tuple[str, str, bytes]]:
    return {(d.issuer, d.name, d.secret) for d in drafts}  # type: ignore[attr-defined]


def _read(app: object) -> str:
    return prose(screen_text(app))


async def _choose(pilot, app, description: str) -> None:  # type: ignore[no-untyped-def]
    """Open the export screen and move down the formats until the one described is chosen."""
    await pilot.press("X")
    for _ in range(20):
        if description in _read(app):
            return
        await pilot.press("down")
    raise AssertionError(f"no format described as {description!r}:\n{screen_text(app)}")


async def _settle(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_google_transfer_shows_the_batches_one_by_one(vault_with: AppFactory) -> None:
    app = vault_with(*ACCOUNTS, unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _choose(pilot, app, "otpauth-migration QR codes")
        await pilot.press("ctrl+s")
        await _settle(pilot, app)
        # (the dialog's lines, read beside the screen under it)
        assert "Show the secrets of 3 accounts on" in _read(app) and "as 3 QR codes" in _read(app)
        assert "2 accounts cannot" in _read(app)
        assert codes_on_screen(screen_text(app)) == []
        await pilot.press("y")
        seen: dict[str, list[str]] = {}  # batch number: what a camera reads on its screen
        for key, then in [("n", "2"), ("enter", "3"), ("p", "2"), ("p", "1")]:
            shown = re.search(r"batch (\d) of 3", _read(app))
            assert shown is not None
            seen[shown.group(1)] = codes_on_screen(screen_text(app))
            await pilot.press(key)
            assert f"batch {then} of 3" in _read(app)
        text = screen_text(app)
        columns, rows = code_size(text.splitlines())
        assert columns <= 80 and rows <= 24
        assert "Left out (2):" in _read(app) and "Steam (bob): Google Authenticator has no steam" in _read(app)
        assert sorted(seen) == ["1", "2", "3"] and all(len(codes) == 1 for codes in seen.values())
        scanned = [codes[0] for codes in seen.values()]
        importer = google_transfer.tuiauth_importers()[0]
        result = importer.parse("\n".join(scanned).encode(), None)
        assert result.problems == [] and _names(result.drafts) == _names(ACCOUNTS[:3])
        await pilot.press("escape")
        assert "GitHub" in _read(app) and codes_on_screen(screen_text(app)) == []


async def test_a_file_is_written_0600_after_a_confirm_and_never_overwritten(
    vault_with: AppFactory,
) -> None:
    app = vault_with(*ACCOUNTS, unlocked=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _choose(pilot, app, "One otpauth:// URI per line")
        assert "~/tuiauth-otpauth.txt" in _read(app)
        out = Path("~/tuiauth-otpauth.txt").expanduser()
        await pilot.press("ctrl+s")
        assert "Write 5 accounts with their secrets in the clear?" in _read(app)
        await pilot.press("n")
        assert "Nothing was exported." in _read(app) and not out.exists()
        await pilot.press("ctrl+s", "y")
        await _settle(pilot, app)
        assert "Exported 5 accounts to" in _read(app)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        before = out.read_bytes()
        assert _names(uri_list.tuiauth_importers()[0].parse(before, None).drafts) == _names(ACCOUNTS)
        await _choose(pilot, app, "One otpauth:// URI per line")
        await pilot.press("ctrl+s")
        assert "That file already exists" in _read(app)  # (the rest is under the "Exported" toast)
        assert out.read_bytes() == before


async def test_an_encrypted_export_needs_the_password_twice(vault_with: AppFactory) -> None:
    app = vault_with(*ACCOUNTS[:2], unlocked=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _choose(pilot, app, "encrypted with a password")
        await pilot.press("ctrl+s")
        assert "needs a password: type one twice" in _read(app)
        await pilot.press(*"export pw", "tab", *"export pX", "ctrl+s")
        assert "The two passwords differ" in _read(app)
        await pilot.press("backspace", "w", "ctrl+s")
        await _settle(pilot, app)
        out = Path("~/tuiauth-aegis-encrypted.json").expanduser()
        assert "Exported 2 accounts to" in _read(app) and stat.S_IMODE(out.stat().st_mode) == 0o600
        importer = next(s for s in aegis.tuiauth_importers() if s.name == "aegis")
        assert _names(importer.parse(out.read_bytes(), "export pw").drafts) == _names(ACCOUNTS[:2])
