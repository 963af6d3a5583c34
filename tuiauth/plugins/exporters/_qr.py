"""QR codes drawn with Unicode half blocks, two module rows per text line (segno does the encoding).

``light_on_dark`` (the default) draws the *light* modules and the quiet zone as blocks, which
is what looks right on a terminal with light text on a dark background: the phone then sees dark
modules on a light square. A screen with dark text on a light background wants ``False``.
"""

from __future__ import annotations

#: Characters for (top module inked, bottom module inked).
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
_BORDER = 4


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of the smallest QR code holding ``text`` (True = dark), with a 4-module border."""
    import segno

    code = segno.make(text, error="l", micro=False, boost_error=True)
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=_BORDER)]


def render_half_blocks(matrix: list[list[bool]], *, light_on_dark: bool = True) -> list[str]:
    """Text lines drawing ``matrix``; a missing last module row counts as quiet zone (light)."""
    lines: list[str] = []
    for top_index in range(0, len(matrix), 2):
        top = matrix[top_index]
        bottom = matrix[top_index + 1] if top_index + 1 < len(matrix) else [False] * len(top)
        lines.append(
            "".join(_HALF_BLOCKS[(t != light_on_dark, b != light_on_dark)] for t, b in zip(top, bottom, strict=True))
        )
    return lines
