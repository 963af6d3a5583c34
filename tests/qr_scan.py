"""Reading back the QR codes tuiauth draws with half blocks, as a phone camera would see them.

The text is turned back into modules (inked halves are light), painted into an image with Pillow
(the terminal's dark background around the light quiet zone included) and decoded with zxing-cpp.
"""

from __future__ import annotations

import re

#: (top inked, bottom inked) for each half-block character.
CELLS = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
#: Dark modules painted around the drawing: the terminal's background beyond the quiet zone.
SURROUND = 4
SCALE = 4


def find_code(lines: list[str]) -> list[str]:
    """The lines of the first QR code drawn in ``lines`` (other text beside it cut away).

    With light drawn as blocks, a code's first line has no blank cell: its top half is quiet zone.
    """
    for top, line in enumerate(lines):
        match = re.search(r"[▀▄█]{21,}", line)
        if match:
            left, width = match.start(), match.end() - match.start()
            rows = lines[top : top + (width + 1) // 2]
            assert len(rows) == (width + 1) // 2, "the code is cut off at the bottom"
            return [row[left : left + width].ljust(width) for row in rows]
    raise AssertionError("no QR code on screen:\n" + "\n".join(lines))


def scan(lines: list[str]) -> str:
    """The text of the QR code drawn in ``lines`` (exactly one code must be readable)."""
    import zxingcpp
    from PIL import Image

    code = find_code([ESCAPES.sub("", line) for line in lines])
    modules: list[list[bool]] = []
    for line in code:
        modules.append([not CELLS[c][0] for c in line])  # light modules are the inked halves
        modules.append([not CELLS[c][1] for c in line])
    side = len(modules[0]) + 2 * SURROUND
    image = Image.new("L", (side * SCALE, (len(modules) + 2 * SURROUND) * SCALE), 0)
    for y, row in enumerate(modules, SURROUND):
        for x, dark in enumerate(row, SURROUND):
            image.paste(0 if dark else 255, (x * SCALE, y * SCALE, (x + 1) * SCALE, (y + 1) * SCALE))
    (barcode,) = zxingcpp.read_barcodes(image)
    return barcode.text


def code_size(lines: list[str]) -> tuple[int, int]:
    """(columns, rows) the first code in ``lines`` takes."""
    code = find_code([ESCAPES.sub("", line) for line in lines])
    return len(code[0]), len(code)


def codes_on_screen(text: str) -> list[str]:
    """Every QR code a camera could read off ``text`` (a whole screen: other characters are dark)."""
    import zxingcpp
    from PIL import Image

    lines = [ESCAPES.sub("", line) for line in text.splitlines()] or [""]
    width = max(len(line) for line in lines)
    image = Image.new("L", ((width + 2 * SURROUND) * SCALE, (2 * len(lines) + 2 * SURROUND) * SCALE), 0)
    for row, line in enumerate(lines):
        for column, char in enumerate(line):
            for half, inked in enumerate(CELLS.get(char, (False, False))):
                if inked:
                    x, y = column + SURROUND, 2 * row + half + SURROUND
                    image.paste(255, (x * SCALE, y * SCALE, (x + 1) * SCALE, (y + 1) * SCALE))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def prose(text: str) -> str:
    """The words on a screen without block characters (codes, dialog frames), spaces collapsed."""
    return " ".join(re.sub("[▀▄█▊▎▔▁]", " ", text).split())
