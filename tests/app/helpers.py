"""Helpers for the app tests: a fake clock, account drafts, and reading the screen as text."""

from __future__ import annotations

from dataclasses import dataclass

from tuiauth.core.accounts import AccountDraft
from tuiauth.core.secrets import b32decode

PASSWORD = "correct horse battery staple"
#: 2026-11-24 22:00:10 UTC: 10 s into a 30 s period.
START = 1_795_903_210.0
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class FakeClock:
    now: float = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def draft(issuer: str, name: str = "alice", **kw: object) -> AccountDraft:
    return AccountDraft(issuer=issuer, name=name, secret=b32decode(kw.pop("secret", SECRET)), **kw)  # type: ignore[arg-type]


def screen_text(app: object) -> str:
    """The text on the current screen, line by line (what a person would read)."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join("".join(seg.text for seg in strip).rstrip() for strip in strips)


def dialog_words(app: object) -> str:
    """The words inside the current screen's ``#dialog`` only: a modal dialog's wrapped sentences, read
    without the screen behind it, whose text shares each line with the dialog's."""
    region = app.screen.query_one("#dialog").content_region  # type: ignore[attr-defined]
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]  # type: ignore[attr-defined]
    return " ".join(" ".join("".join(s.text for s in strip.crop(region.x, region.right)) for strip in strips).split())


def words(app: object) -> str:
    """The screen's text with line breaks and runs of spaces collapsed (wrapped messages match)."""
    return " ".join(screen_text(app).split())


BORDER_EDGES = "█▊▎▀▄▔▁"


def shows(app: object, text: str) -> bool:
    """Whether the screen shows ``text`` wherever its lines wrap: a long path or address may wrap
    anywhere, even inside a name (pytest's temporary folders grow with its run counter and xdist),
    and a wrapped line inside a box is cut by the box's edges."""
    screen = screen_text(app)
    for edge in BORDER_EDGES:
        screen = screen.replace(edge, "")
    return "".join(text.split()) in "".join(screen.split())
