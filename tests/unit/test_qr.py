"""Terminal QR codes: the smallest version, square modules (two per character cell vertically), the
quiet zone as narrow as the room needs, and what fits an 80×24 terminal."""

from __future__ import annotations

import pytest

from tuiauth.core import qr
from tuiauth.core.qr import Size

from ..qr_scan import code_size, scan

URI = "otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=GitHub"


def test_the_smallest_version_holds_the_text() -> None:
    assert len(qr.symbol("x" * 17)) == 21  # version 1
    assert len(qr.symbol(URI)) == 37  # 91 bytes: version 5 at level L (version 4 holds 78)
    assert len(qr.symbol("x" * qr.byte_capacity(7))) == 45
    assert len(qr.symbol("x" * (qr.byte_capacity(7) + 1))) == 49


@pytest.mark.parametrize("border", [1, 2])
def test_two_modules_per_cell_vertically_and_the_code_scans(border: int) -> None:
    lines = qr.draw(qr.symbol(URI), border)
    assert code_size(lines) == (37 + 2 * border, (37 + 2 * border + 1) // 2)
    assert scan(lines) == URI


def test_the_widest_quiet_zone_that_fits() -> None:
    assert qr.fitting_border(41, Size(80, 24)) == 2  # version 6: 45×23
    assert qr.fitting_border(45, Size(80, 24)) == 1  # version 7: 47×24
    assert qr.fitting_border(49, Size(80, 24)) is None  # version 8 needs 51×26
    assert qr.fitting_border(37, Size(40, 40)) == 1  # narrow: width decides
    assert qr.largest_version(Size(80, 24)) == 7 and qr.largest_version(Size(80, 10)) == 0


def test_what_fits_an_80x24_terminal() -> None:
    assert qr.fits_terminal("x" * qr.byte_capacity(7))
    assert not qr.fits_terminal("x" * (qr.byte_capacity(7) + 1))
    assert qr.byte_capacity(7) == 154  # the QR standard's table, version 7-L, byte mode
