"""The import screen: path completion, detection, the password (wrong then right), the review list
(new / duplicate / conflict / problem, chosen with space), the all-or-nothing import, and leaving
without changes. Files come from the shared corpus or are written by the test."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from tests.plugins.importers.test_keepassxc import keepass_xml, keepassxc_database
from tuiauth.core.secrets import b32decode
from tuiauth.core.specs import ImporterSpec, ImportResult
from tuiauth.core.vault import Vault
from tuiauth.hookspecs import hookimpl
from tuiauth.testing.app import current_screen

from .helpers import PASSWORD, AppFactory, AppServices, draft, shows, words

#: AEGIS-SET from the corpus MANIFEST: issuer / name / base32 secret, in file order.
AEGIS_SET = [
    ("Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ"),
    ("SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU"),
    ("Airbnb", "Elijah", "7ELGJSGXNCCTV3O6LKJWYFV2RA"),
    ("Issuu", "James", "YOOMIXWS5GN6RTBPUFFWKTW5M4"),
    ("Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII"),
    ("WWE", "Mason", "5VAML3X35THCEBVRLV24CGBKOY"),
    ("Boeing", "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI"),
]
OTHER_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBV"


def stored(services: AppServices) -> list[tuple[str, str, bytes]]:
    """What the vault file holds after the app closed: (issuer, name, secret) in order."""
    services.close()
    vault = Vault.open(services.paths.vault_file, password=PASSWORD)
    try:
        return [(a.issuer, a.name, a.secret) for a in vault.data.accounts]
    finally:
        vault.close()


def aegis(issuer: str) -> tuple[str, str, bytes]:
    found = next(e for e in AEGIS_SET if e[0] == issuer)
    return found[0], found[1], b32decode(found[2])


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_file(pilot: Pilot[None], path: Path | str) -> Any:
    """From the accounts screen: press i, type the path, Enter, wait for the reading to finish."""
    app = pilot.app
    await pilot.press("i")
    assert current_screen(app) == "ImportScreen"
    field = app.screen.query_one("#import-path")
    field.value = str(path)
    field.focus()
    await pilot.press("enter")
    await settle(pilot)
    return app.screen


def review_of(app: Any) -> Any:
    return app.screen.query_one("ImportReview")


async def test_detect_and_import_aegis_plain(vault_with: AppFactory, corpus_dir: Path) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_file(pilot, corpus_dir / "files" / "aegis_plain.json")
        assert screen.query_one("#import-format", Select).value == "aegis"
        assert not screen.query_one("#password-row").display
        text = words(app)
        assert "7 entries: 7 new, 0 duplicates, 0 conflicts, 0 problems — 7 selected" in text
        assert "[x] new Deno (Mason) totp SHA1 6 digits 30 s" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen"
        assert "7 of 7 accounts" in words(app)
        assert "Boeing" in words(app)
    assert stored(services) == [(i, n, b32decode(s)) for i, n, s in AEGIS_SET]


async def test_encrypted_file_wrong_then_right_password(vault_with: AppFactory, corpus_dir: Path) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_file(pilot, corpus_dir / "files" / "aegis_encrypted.json")
        password = screen.query_one("#import-password", Input)
        assert screen.query_one("#password-row").display and password.has_focus
        assert "is encrypted: type its password" in words(app)
        await pilot.press("enter")
        assert "Type the export's password first." in words(app)
        await pilot.press(*"wrong", "enter")
        await settle(pilot)
        assert "The password is wrong for this Aegis vault. Try again." in words(app)
        assert password.has_focus and password.value == ""
        assert not review_of(app).display
        await pilot.press(*"test", "enter")
        await settle(pilot)
        assert review_of(app).has_focus and len(review_of(app).chosen) == 7
        assert password.value == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen"
    assert len(stored(services)) == 7


async def test_duplicates_shown_and_not_added_again(vault_with: AppFactory, corpus_dir: Path) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    path = corpus_dir / "files" / "aegis_plain.json"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await open_file(pilot, path)
        text = words(app)
        assert "7 entries: 0 new, 7 duplicates, 0 conflicts, 0 problems — nothing selected to import." in text
        assert "duplicate Deno (Mason) — already in the vault" in text
        listing = review_of(app)
        await pilot.press("space")
        assert listing.chosen == set()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert current_screen(app) == "ImportScreen"
        assert "Nothing is selected" in words(app)
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen"
    assert len(stored(services)) == 7


async def test_conflict_excluded_by_default(vault_with: AppFactory, corpus_dir: Path) -> None:
    app = vault_with(draft("Deno", "Mason", secret=OTHER_SECRET), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, corpus_dir / "files" / "aegis_plain.json")
        text = words(app)
        assert "[ ] conflict Deno (Mason) — in the vault with another secret" in text
        assert "if you select it, it is added beside that account" in text
        assert "6 new, 0 duplicates, 1 conflict, 0 problems — 6 selected" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = stored(services)
    assert after[0] == ("Deno", "Mason", b32decode(OTHER_SECRET))
    assert aegis("Deno") not in after and len(after) == 7


async def test_conflict_added_beside_the_existing_one_when_selected(vault_with: AppFactory, corpus_dir: Path) -> None:
    app = vault_with(draft("Deno", "Mason", secret=OTHER_SECRET), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, corpus_dir / "files" / "aegis_plain.json")
        listing = review_of(app)
        assert listing.highlighted == 0 and 0 not in listing.chosen
        await pilot.press("space")
        assert 0 in listing.chosen
        assert "[x] conflict Deno (Mason)" in words(app) and "— 7 selected" in words(app)
        await pilot.press("down", "space")
        assert 1 not in listing.chosen and "[ ] new SPDX (James)" in words(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen"
    after = stored(services)
    assert after[0] == ("Deno", "Mason", b32decode(OTHER_SECRET))
    assert aegis("Deno") in after and aegis("SPDX") not in after and len(after) == 7


async def test_problem_entry_shown_with_its_reason(vault_with: AppFactory, tmp_path: Path) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    export = tmp_path / "uris.txt"
    export.write_text("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\notpauth://totp/Bad:bob?secret=!!!!\n")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, export)
        text = words(app)
        assert "problem line 2 (Bad:bob) — the secret is not base32" in text
        assert "2 entries: 1 new, 0 duplicates, 0 conflicts, 1 problem — 1 selected" in text
        await pilot.press("down")
        assert review_of(app).highlighted == 0, "the cursor never lands on a problem"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert stored(services) == [("GitHub", "alice", b32decode("JBSWY3DPEHPK3PXP"))]


async def test_unknown_format_then_missing_file(vault_with: AppFactory, tmp_path: Path) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping: milk, eggs\n")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_file(pilot, notes)
        assert "tuiauth cannot tell which app wrote notes.txt. Choose its format in the Format list" in words(app)
        assert screen.query_one("#import-format", Select).has_focus
        await pilot.press("enter", *"aegis", "enter")
        await settle(pilot)
        assert screen.query_one("#import-format", Select).value == "aegis"
        assert "not valid JSON. Choose another format in the list, or another file." in words(app)
        assert not review_of(app).display
        field = screen.query_one("#import-path")
        field.value = str(tmp_path / "[b]missing.json")
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert shows(app, f"There is no file at {tmp_path / '[b]missing.json'}.")
        assert current_screen(app) == "ImportScreen"
    assert stored(services) == []


async def test_escape_changes_nothing(vault_with: AppFactory, corpus_dir: Path) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    before = services.paths.vault_file.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, corpus_dir / "files" / "aegis_plain.json")
        assert len(review_of(app).chosen) == 7
        await pilot.press("escape")
        await pilot.pause()
        assert current_screen(app) == "AccountsScreen"
        assert "1 of 1 accounts" in words(app)
    assert services.paths.vault_file.read_bytes() == before


async def test_tab_completes_the_path_from_the_filesystem(vault_with: AppFactory, tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "aegis-2026.json").write_text("{}")
    (tmp_path / "exports" / "andotp.json").write_text("{}")
    (tmp_path / "exports" / ".hidden").write_text("")
    app = vault_with(unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        field = app.screen.query_one("#import-path")
        field.value = f"{tmp_path}/exp"
        await pilot.press("tab")
        assert field.value == f"{tmp_path}/exports/" and field.has_focus
        await pilot.press("a", "tab")
        await pilot.pause()
        assert field.value == f"{tmp_path}/exports/a"
        assert "aegis-2026.json andotp.json" in words(app) and ".hidden" not in words(app)
        await pilot.press("n")
        assert "aegis-2026.json" not in words(app), "the list goes once the path changes"
        await pilot.press("backspace")
        await pilot.press("e", "tab")
        assert field.value == f"{tmp_path}/exports/aegis-2026.json" and field.has_focus
        await pilot.press("tab")
        assert app.screen.query_one("#import-format", Select).has_focus


async def test_import_is_in_help_palette_and_only_with_an_open_vault(
    vault_with: AppFactory,
) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    async with app.run_test(size=(100, 40)) as pilot:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        await commands["Import"].callback()
        await pilot.pause()
        assert current_screen(app) == "ImportScreen"
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert " i Import — Import accounts from another app's export import " in words(app)


async def test_no_import_while_locked(vault_with: AppFactory) -> None:
    locked = vault_with(draft("GitHub"))
    async with locked.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        assert current_screen(locked) != "ImportScreen"
        assert "Import" not in {c.title for c in locked.get_system_commands(locked.screen)}


def underlined(app: Any, text: str) -> bool:
    """Whether the screen line holding ``text`` draws it underlined (survives NO_COLOR, unlike colours)."""
    for strip in app.screen._compositor.render_strips():
        segments = list(strip)
        if text in "".join(seg.text for seg in segments):
            return any(text in seg.text and seg.style is not None and bool(seg.style.underline) for seg in segments)
    raise AssertionError(f"{text!r} is not on the screen")


async def test_review_reads_without_colour(
    vault_with: AppFactory, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    spdx = draft("SPDX", "James", secret="5OM4WOOGPLQEF6UGN3CPEOOLWU", algorithm="SHA256", digits=7, period=20)
    app = vault_with(draft("Deno", "Mason", secret=OTHER_SECRET), spdx, unlocked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await open_file(pilot, corpus_dir / "files" / "aegis_plain.json")
        text = words(app)
        for marker in ("[ ] conflict Deno (Mason)", "duplicate SPDX (James)", "[x] new Airbnb (Elijah)"):
            assert marker in text, marker
        assert underlined(app, "Deno (Mason)") and not underlined(app, "Airbnb (Elijah)")
        await pilot.press("down")
        assert underlined(app, "Airbnb (Elijah)") and not underlined(app, "Deno (Mason)")


class SlowImporter:
    """A plugin whose encrypted format takes as long as the test wants to decrypt (a slow KDF)."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    @hookimpl
    def tuiauth_importers(self) -> list[ImporterSpec]:
        return [
            ImporterSpec(
                name="slow",
                label="Slow Test",
                sniff=lambda head, filename: 1.0 if head.startswith(b"SLOW") else 0.0,
                parse=self.parse,
                needs_password=lambda data: True,
            )
        ]

    def parse(self, data: bytes, password: str | None) -> ImportResult:
        self.started.set()
        self.release.wait(10)
        if data.startswith(b"SLOW BUG"):
            raise ZeroDivisionError("a bug in the plugin")
        return ImportResult(drafts=[draft("Slowly", "bob")])


def with_slow_importer(services: AppServices) -> SlowImporter:
    plugin = SlowImporter()
    services.plugins.register(plugin, "slow-test")
    return plugin


async def start_slow_parse(pilot: Pilot[None], plugin: SlowImporter, path: Path) -> Any:
    screen = await open_file(pilot, path)
    await pilot.press(*"pw", "enter")
    assert await asyncio.to_thread(plugin.started.wait, 5)
    await pilot.pause()
    return screen


async def test_progress_shows_and_the_ui_stays_live_while_decrypting(vault_with: AppFactory, tmp_path: Path) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    plugin = with_slow_importer(services)
    export = tmp_path / "slow.bin"
    export.write_bytes(b"SLOW export")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_slow_parse(pilot, plugin, export)
        assert screen.query_one("#import-progress").display
        assert "Decrypting and reading the Slow Test export…" in words(app)
        await pilot.press("shift+tab")
        assert screen.query_one("#import-format", Select).has_focus, "keys still work during the KDF"
        plugin.release.set()
        await settle(pilot)
        assert not screen.query_one("#import-progress").display
        assert "[x] new Slowly (bob)" in words(app)


async def test_escape_during_decrypting_leaves_and_drops_the_late_result(
    vault_with: AppFactory, tmp_path: Path
) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    plugin = with_slow_importer(services)
    export = tmp_path / "slow.bin"
    export.write_bytes(b"SLOW export")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_slow_parse(pilot, plugin, export)
        await pilot.press("escape")
        assert current_screen(app) == "AccountsScreen"
        plugin.release.set()
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen" and app.is_running
    assert stored(services) == []


async def test_a_plugin_bug_is_a_message(vault_with: AppFactory, tmp_path: Path) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    plugin = with_slow_importer(services)
    plugin.release.set()
    export = tmp_path / "slow.bin"
    export.write_bytes(b"SLOW BUG")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_slow_parse(pilot, plugin, export)
        await settle(pilot)
        assert "The plugin 'slow-test' failed: its importer 'slow' parse() raised ZeroDivisionError." in words(app)
        assert "a bug in the plugin" not in words(app)
        assert current_screen(app) == "ImportScreen"


async def test_vault_error_while_saving_imports_nothing(vault_with: AppFactory, corpus_dir: Path) -> None:
    app = vault_with(draft("GitHub"), unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, corpus_dir / "files" / "aegis_plain.json")
        vault_file = services.paths.vault_file
        changed = bytearray(vault_file.read_bytes())
        changed[-1] ^= 1
        vault_file.write_bytes(bytes(changed))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "ImportScreen"
        text = words(app)
        assert "The vault file is damaged" in text and "Nothing was imported." in text
        assert services.vault is not None and [a.issuer for a in services.vault.data.accounts] == ["GitHub"]
    assert vault_file.read_bytes() == bytes(changed)


async def test_a_new_path_drops_the_previous_files_late_result(vault_with: AppFactory, tmp_path: Path) -> None:
    app = vault_with(unlocked=True)
    services = app.services
    plugin = with_slow_importer(services)
    export = tmp_path / "slow.bin"
    export.write_bytes(b"SLOW export")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_slow_parse(pilot, plugin, export)
        screen.query_one("#import-path").focus()
        await pilot.press("end", "x")
        assert not screen.query_one("#import-progress").display
        plugin.release.set()
        await settle(pilot)
        assert not review_of(app).display and "Slowly" not in words(app)
        assert "Type the path of another app's export and press Enter" in words(app)


async def test_a_folder_format_is_imported_from_its_folder(vault_with: AppFactory, tmp_path: Path) -> None:
    """A steamguard-cli maFiles folder, typed as a folder path (not a file, not a ZIP)."""
    folder = tmp_path / "maFiles"
    folder.mkdir()
    manifest = '{"version": 1, "entries": [{"filename": "1234.maFile", "steam_id": 1234, "encryption": null}]}'
    (folder / "manifest.json").write_text(manifest)
    (folder / "1234.maFile").write_text('{"shared_secret": "THIl8+Jl6ugxr8x0X6eRMg==", "account_name": "Sophia"}')
    app = vault_with(unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_file(pilot, folder)
        assert screen.query_one("#import-format", Select).value == "steamguard-cli"
        assert "1 entry: 1 new, 0 duplicates, 0 conflicts, 0 problems — 1 selected" in words(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen"
    assert stored(services) == [("Steam", "Sophia", b32decode("JRZCL47CMXVOQMNPZR2F7J4RGI"))]


async def test_a_keepassxc_database_with_a_key_file(vault_with: AppFactory, tmp_path: Path) -> None:
    """A database written by keepassxc-cli, opened with its key file and password on the screen."""
    entries = [("Work", "GitHub", "alice", {"otp": "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP"})]
    key_file = tmp_path / "db.keyx"
    database = keepassxc_database(tmp_path, "db", keepass_xml(entries, kdbx4=True), "pw", key_file)
    app = vault_with(unlocked=True)
    services = app.services
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_file(pilot, database)
        assert screen.query_one("#import-format", Select).value == "keepassxc"
        assert screen.query_one("#key-file-row").display and "is encrypted: type its password" in words(app)
        await pilot.press(*"pw", "enter")
        await settle(pilot)
        assert "password or key file is wrong" not in words(app) and "password is wrong" in words(app)
        field = screen.query_one("#import-key-file")
        field.value = str(key_file)
        field.focus()
        await pilot.press("enter", *"pw", "enter")
        await settle(pilot)
        assert "1 entry: 1 new" in words(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_screen(app) == "AccountsScreen"
    assert stored(services) == [("GitHub", "alice", b32decode("JBSWY3DPEHPK3PXP"))]
