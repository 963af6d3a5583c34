"""A throw-away GnuPG home (one key, no passphrase) and a password store made by the real ``pass``
and ``pass-otp`` (Debian packages pass and pass-extension-otp), for the pass importer's tests.

Everything runs with ``GNUPGHOME`` and ``PASSWORD_STORE_DIR`` in a temporary folder; ``close`` kills
the gpg-agent that gpg started there (``gpgconf --kill all``).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tuiauth.testing.requirements import missing, require_binary

KEY_USER = "tuiauth test <tuiauth-test@example.invalid>"
HINT = "apt-get install gnupg pass pass-extension-otp (.ci/install-debian-packages.sh)"


@dataclass
class PassStore:
    gnupg_home: Path
    store: Path

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "GNUPGHOME": str(self.gnupg_home), "PASSWORD_STORE_DIR": str(self.store)}

    def run(self, *args: str, stdin: str = "") -> str:
        done = subprocess.run(list(args), input=stdin, env=self.env, text=True, capture_output=True, check=False)
        if done.returncode != 0:
            raise AssertionError(f"{args[:3]} failed: {done.stderr[-500:]}")
        return done.stdout

    def otp_insert(self, name: str, uri: str) -> None:
        """``pass otp insert -e NAME`` with the URI on standard input, as a user pastes it."""
        self.run("pass", "otp", "insert", "-e", name, stdin=uri + "\n")

    def insert(self, name: str, content: str) -> None:
        """``pass insert -m NAME``: a multi-line entry (password first, then anything)."""
        self.run("pass", "insert", "-m", name, stdin=content)

    def close(self) -> None:
        subprocess.run(["gpgconf", "--kill", "all"], env=self.env, capture_output=True, check=False)


def make_store(folder: Path) -> PassStore:
    """A new GnuPG home with one passphrase-less key, and an initialised store for it."""
    for program in ("gpg", "gpgconf", "pass"):
        require_binary(program, HINT)
    if not Path("/usr/lib/password-store/extensions/otp.bash").is_file():
        missing("pass-otp (/usr/lib/password-store/extensions/otp.bash)", HINT)
    home = folder / "gnupg"
    home.mkdir(mode=0o700)
    store = PassStore(home, folder / "password-store")
    key = ("--quick-gen-key", KEY_USER, "future-default", "default", "never")
    store.run("gpg", "--batch", "--quiet", "--passphrase", "", *key)
    store.run("pass", "init", "tuiauth-test@example.invalid")
    return store
