"""End to end: the installed ``tuiauth`` command in a real terminal (tmux), driven by send-keys and
read with capture-pane: create a vault, add an account by URI, see its code, copy it, change the theme
from the command palette, quit; the theme is saved in the config.

The copy goes through OSC 52 (there is no display in the pane, so pyperclip has no clipboard); tmux
with ``set-clipboard on`` turns OSC 52 into a paste buffer, which the test reads back.
"""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest

from tuiauth.testing import require_binary, require_script
from tuiauth.testing.tmux import Pane, TmuxServer

PASSWORD = "e2e correct horse battery"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
URI = f"otpauth://totp/E2E%20Corp:dana@example.com?secret={SECRET}&issuer=E2E%20Corp"

pytestmark = pytest.mark.slow


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Pane]:
    require_binary("tmux", "apt-get install tmux")
    tuiauth = require_script("tuiauth", "pip install -e .")
    server = TmuxServer()
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "NO_COLOR"}}
    env.update(TUIAUTH_HOME=str(tmp_path / "home"), HOME=str(tmp_path), TERM="xterm-256color")
    try:
        yield server.start("e2e", f"{tuiauth}; echo TUIAUTH-EXITED-$?; sleep 60", env)
    finally:
        server.close()


def test_create_add_see_copy_theme_quit(tmux: Pane, tmp_path: Path) -> None:
    tmux.wait_for("Welcome to tuiauth")
    tmux.keys("c")
    tmux.wait_for("Choose a password")
    tmux.text(PASSWORD)
    tmux.keys("Enter")
    tmux.text(PASSWORD)
    tmux.keys("Enter")
    tmux.wait_for("Your recovery key", timeout=60)  # production KDF: calibrated, then derived
    tmux.keys("Space")
    tmux.keys("Tab")
    tmux.keys("Enter")
    tmux.wait_for("No accounts yet")

    tmux.keys("a")
    tmux.wait_for("Paste an otpauth:// URI")
    tmux.text(URI)
    tmux.keys("Enter")
    totp = pyotp.TOTP(SECRET)

    def shows_code(screen: str) -> bool:
        now = time.time()
        return "E2E Corp" in screen and any(
            f"{code[:3]} {code[3:]}" in screen for code in (totp.at(now), totp.at(now - 1))
        )

    tmux.wait_for(shows_code)

    tmux.keys("Enter")
    tmux.wait_for("Sent to the terminal")  # no DISPLAY here: the code goes by OSC 52 into tmux's buffer
    copied = tmux.server.buffer()
    now = time.time()
    assert copied in {totp.at(now), totp.at(now - 2)}

    tmux.keys("C-p")  # the palette (it once ended the app), its theme command, then a theme by name
    tmux.wait_for("Search for commands")
    tmux.text("theme")
    tmux.wait_for("Change the current theme")
    tmux.keys("Enter")
    tmux.wait_for("gruvbox")
    tmux.text("nord")
    tmux.keys("Enter")
    tmux.wait_for(lambda screen: "E2E Corp" in screen and "Search for" not in screen)
    config = tmp_path / "home" / "config.toml"
    deadline = time.monotonic() + 30
    while not (config.exists() and tomllib.loads(config.read_text()).get("theme") == "nord"):
        assert time.monotonic() < deadline, f"the theme was not saved; the screen shows:\n{tmux.screen()}"
        time.sleep(0.1)

    tmux.keys("C-q")
    tmux.wait_for("TUIAUTH-EXITED-0")
