"""QR codes for a terminal: drawn with Unicode half blocks, two module rows per character cell.

A character cell is about twice as tall as it is wide, so a cell holding two modules one above the
other draws square modules. segno does the encoding: always the smallest version at error level L,
then segno raises the level as far as that version allows (a free gain for scanning off a screen).

The quiet zone (the light border a scanner needs) is :data:`QUIET_ZONE` modules when it fits and
:data:`MIN_QUIET_ZONE` otherwise; phone scanners read a one-module border on a screen, and every
module saved is a line saved at 80×24. :data:`FIT` is the terminal every code that tuiauth draws for
several accounts at once must fit: a version 7 code with a one-module border is 47×24 cells, and the
33 columns beside it hold "batch i of n" and the keys, so no row is kept free
(:data:`RESERVED_ROWS`).

The *light* modules and the quiet zone are drawn as blocks: with light text on a dark background the
phone sees dark modules on a light square. The app draws the code white on black whatever the theme;
the command line draws it that way on a colour terminal.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

QUIET_ZONE = 2
MIN_QUIET_ZONE = 1
#: The terminal (columns, rows) a code must fit, and the rows kept free for a heading or a key line.
FIT = (80, 24)
RESERVED_ROWS = 0
ERROR_LEVEL = "l"
_MAX_VERSION = 40

#: Characters for (top module inked, bottom module inked); light modules are inked.
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


@dataclass(frozen=True)
class Size:
    """A drawing's size in character cells."""

    columns: int
    rows: int

    def __str__(self) -> str:
        return f"{self.columns}×{self.rows}"


def symbol(text: str) -> list[list[bool]]:
    """The modules of the smallest QR code holding ``text`` (True = dark), without a border."""
    import segno

    code = segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=True)
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=0)]


def drawn_size(modules: int, border: int) -> Size:
    """Cells taken by a symbol ``modules`` wide drawn with ``border`` quiet-zone modules on each side."""
    side = modules + 2 * border
    return Size(side, (side + 1) // 2)


def fitting_border(modules: int, room: Size) -> int | None:
    """The widest quiet zone (:data:`QUIET_ZONE` down to :data:`MIN_QUIET_ZONE`) that fits ``room``."""
    for border in range(QUIET_ZONE, MIN_QUIET_ZONE - 1, -1):
        size = drawn_size(modules, border)
        if size.columns <= room.columns and size.rows <= room.rows:
            return border
    return None


def draw(matrix: list[list[bool]], border: int = QUIET_ZONE) -> list[str]:
    """Text lines drawing ``matrix`` inside a quiet zone of ``border`` modules.

    A last odd module row is paired with a quiet-zone row (light), so the code keeps its shape.
    """
    width = len(matrix) + 2 * border
    light = [False] * width
    rows = [light] * border + [light[:border] + row + light[:border] for row in matrix] + [light] * border
    if len(rows) % 2:
        rows.append(light)
    return [
        "".join(_HALF_BLOCKS[(not t, not b)] for t, b in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]


def largest_version(room: Size) -> int:
    """The largest QR version whose code fits ``room`` with the smallest quiet zone (0 when none)."""
    version = 0
    while version < _MAX_VERSION and fitting_border(17 + 4 * (version + 1), room) is not None:
        version += 1
    return version


@functools.cache
def byte_capacity(version: int) -> int:
    """How many bytes a QR code of ``version`` holds at :data:`ERROR_LEVEL` (segno's own tables)."""
    import segno

    low, high = 0, 3000  # the largest code holds 2953 bytes at level L
    while low < high:
        middle = (low + high + 1) // 2
        try:
            segno.make("a" * middle, error=ERROR_LEVEL, version=version, mode="byte", micro=False)
        except segno.DataOverflowError:
            high = middle - 1
        else:
            low = middle
    return low


def fits_terminal(text: str) -> bool:
    """Whether a QR code of ``text`` fits :data:`FIT` with :data:`RESERVED_ROWS` line(s) to spare."""
    room = Size(FIT[0], FIT[1] - RESERVED_ROWS)
    return len(text.encode("utf-8")) <= byte_capacity(largest_version(room))
