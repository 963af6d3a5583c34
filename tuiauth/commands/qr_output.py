"""QR codes on the terminal for ``tuiauth export``: one batch per screen, "batch i of n" beside it.

On a terminal the screen is cleared before each code (a phone must see one code only) and after the
last one (the secrets do not stay on screen); with standard input a terminal too, tuiauth waits for
Enter between codes. The text beside each code goes to its right, so a code may use every row of
an 80×24 terminal. Elsewhere (a pipe, a file) the pages are written one after another.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from typing import TextIO

from ..core import exporting, qr
from ..core.specs.exporters import QrExport

CLEAR = "\x1b[2J\x1b[H"
#: Bright white on black: light modules drawn as blocks read right on any terminal theme.
WHITE_ON_BLACK, RESET = "\x1b[97;40m", "\x1b[0m"
GAP = 2


def side_text(plan: QrExport, index: int, width: int, *, waits: bool) -> list[str]:
    """What stands beside code ``index``: the batch, its accounts, the hint, the keys."""
    batch = plan.batches[index]
    last = index == len(plan.batches) - 1
    keys = ("Enter: done (clears the screen)" if last else "Enter: next code, q: stop") if waits else ""
    paragraphs = [
        plan.title,
        f"batch {index + 1} of {len(plan.batches)}",
        "",
        *(account.label for account in batch.accounts),
        "",
        plan.hint,
    ]
    lines = [part for p in paragraphs for part in (textwrap.wrap(p, width) or [""])]
    return [*lines, *([""] * bool(keys)), *textwrap.wrap(keys, width)]


def terminal_page(plan: QrExport, index: int, room: qr.Size, *, colour: bool, waits: bool) -> list[str]:
    """The code of batch ``index`` with its text on the right (below it when there is no room)."""
    matrix = qr.symbol(plan.batches[index].text)
    border = qr.fitting_border(len(matrix), room) or qr.MIN_QUIET_ZONE
    code = qr.draw(matrix, border)
    width = len(code[0])
    side_width = room.columns - width - GAP
    if side_width < 20:
        side = side_text(plan, index, max(room.columns, 20), waits=waits)
        return [*(_paint(line, colour) for line in code), *side]
    side = side_text(plan, index, side_width, waits=waits)
    beside = _pad(side, len(code))
    lines = [f"{_paint(line, colour)}{' ' * GAP}{text}".rstrip() for line, text in zip(code, beside, strict=False)]
    return lines + beside[len(code) :]


def _pad(lines: list[str], count: int) -> list[str]:
    return lines + [""] * (count - len(lines))


def _paint(line: str, colour: bool) -> str:
    return f"{WHITE_ON_BLACK}{line}{RESET}" if colour else line


def too_small(plan: QrExport, room: qr.Size) -> str | None:
    """A sentence when the largest code does not fit the terminal, naming the size it needs."""
    widest = max(len(qr.symbol(batch.text)) for batch in plan.batches)
    if qr.fitting_border(widest, room) is not None:
        return None
    need = qr.drawn_size(widest, qr.MIN_QUIET_ZONE)
    return (
        f"this terminal is {room}; the QR codes need at least {need} characters: "
        "enlarge the window or make the font smaller, or a phone cannot scan them"
    )


def show(plan: QrExport, out: TextIO | None = None) -> None:
    """Write the codes to ``out`` (standard output): on a terminal one screen at a time; elsewhere
    every page in turn."""
    out = out or sys.stdout
    if not out.isatty():
        out.write(exporting.qr_pages_text(plan, left_out=False))
        out.flush()
        return
    size = shutil.get_terminal_size()
    room = qr.Size(size.columns, size.lines)
    warning = too_small(plan, room)
    if warning:
        print(f"tuiauth: {warning}", file=sys.stderr)
    waits = sys.stdin.isatty()
    colour = not os.environ.get("NO_COLOR")
    for index in range(len(plan.batches)):
        lines = terminal_page(plan, index, room, colour=colour, waits=waits)
        if not waits:
            out.write("\n".join(lines) + "\n")
            continue
        # The last line ends without a newline: the Enter typed there must not scroll the code.
        out.write(CLEAR + "\n".join(lines))
        out.flush()
        try:
            answer = input()
        except EOFError:
            break
        if answer.strip().lower() == "q":
            break
    if waits:
        out.write(CLEAR)
    out.flush()
