"""Google Authenticator transfer export: the URIs and the terminal QR pages decode back to the same
accounts (QR pages read with zxing-cpp from an image drawn from the text), batches, refusals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiauth.core.accounts import Account
from tuiauth.core.errors import ExportError
from tuiauth.plugins.exporters import google_transfer
from tuiauth.plugins.importers import google_transfer as transfer_importer
from tuiauth.plugins.importers._migration import decode_uri

from .accounts import assert_same, sample_accounts

SPEC = google_transfer.tuiauth_exporters()[0]
IMPORTER = next(s for s in transfer_importer.tuiauth_importers() if s.name == "google-transfer")
_CELLS = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}


def _google_compatible() -> list[Account]:
    """The sample accounts the transfer format can carry (no Steam, 30 s TOTP, 6 or 8 digits)."""
    return [a for a in sample_accounts() if not google_transfer.transfer_problems([a])]


def _many(count: int) -> list[Account]:
    return [Account(issuer=f"Issuer {i}", name=f"user{i}@example.com", secret=bytes([i]) * 20) for i in range(count)]


def _decode_page(page: str, *, light_on_dark: bool = True) -> str:
    """Read the half-block drawing back into modules, paint it dark-on-light, and scan it."""
    import zxingcpp
    from PIL import Image

    rows = [line for line in page.splitlines() if line and set(line) <= set(_CELLS)]
    modules: list[list[bool]] = []
    for line in rows:
        top = [_CELLS[c][0] != light_on_dark for c in line]
        bottom = [_CELLS[c][1] != light_on_dark for c in line]
        modules += [top, bottom]
    scale = 4
    image = Image.new("L", (len(modules[0]) * scale, len(modules) * scale), 255)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    (barcode,) = zxingcpp.read_barcodes(image)
    return barcode.text


def _import_uris(uris: list[str]) -> list[object]:
    result = IMPORTER.parse("\n".join(uris).encode(), None)
    assert result.problems == []
    return result.drafts


def test_uris_round_trip() -> None:
    accounts = _google_compatible()
    assert len(accounts) == 5  # Deno, Issuu, WWE, 橡皮鸭, solo
    assert_same(_import_uris(google_transfer.transfer_uris(accounts)), accounts)  # type: ignore[arg-type]


def test_qr_pages_scan_back_to_the_same_accounts() -> None:
    accounts = [*_google_compatible(), *_many(7)]
    pages = google_transfer.qr_pages(accounts)
    assert len(pages) > 1
    uris = [_decode_page(page) for page in pages]
    assert {decode_uri(uri).batch_size for uri in uris} == {len(pages)}
    assert_same(_import_uris(uris), accounts)  # type: ignore[arg-type]


def test_each_page_code_rendered_by_segno_scans_as_its_uri() -> None:
    """The codes themselves, as segno draws them to an image, hold exactly the transfer URIs."""
    import io

    import segno
    import zxingcpp
    from PIL import Image

    for uri in google_transfer.transfer_uris(_many(9)):
        buffer = io.BytesIO()
        segno.make(uri, error="l", micro=False).save(buffer, kind="png", scale=4)
        buffer.seek(0)
        (barcode,) = zxingcpp.read_barcodes(Image.open(buffer))
        assert barcode.text == uri


def test_dark_on_light_pages_scan_too() -> None:
    accounts = _many(2)
    (page,) = google_transfer.qr_pages(accounts, light_on_dark=False)
    assert_same(_import_uris([_decode_page(page, light_on_dark=False)]), accounts)  # type: ignore[arg-type]


def test_export_is_every_page_and_batches_share_one_id() -> None:
    accounts = _many(20)
    data = SPEC.export(accounts, None).decode()
    pages = data.split(google_transfer.PAGE_BREAK)
    assert len(pages) == len(google_transfer.transfer_uris(accounts))
    assert "QR code 1 of" in pages[0] and "Issuer 0 (user0@example.com)" in pages[0]
    payloads = [decode_uri(uri) for uri in google_transfer.transfer_uris(accounts)]
    assert len({p.batch_id for p in payloads}) == 1
    assert [p.batch_index for p in payloads] == list(range(len(payloads)))
    assert {p.batch_size for p in payloads} == {len(payloads)}
    assert all(len(p.accounts) <= google_transfer.MAX_BATCH_ACCOUNTS for p in payloads)
    assert SPEC.plaintext_secrets


def test_accounts_google_cannot_hold_are_refused_by_name() -> None:
    sixty = Account(issuer="Slow", name="s", secret=b"k" * 10, period=60)
    steam = Account(issuer="Boeing", name="Sophia", secret=b"k" * 10, type="steam", digits=5)
    seven = Account(issuer="Seven", name="x", secret=b"k" * 10, digits=7)
    problems = google_transfer.transfer_problems([sixty, steam, seven, *_many(1)])
    assert [a.issuer for a, _ in problems] == ["Slow", "Boeing", "Seven"]
    with pytest.raises(ExportError, match=r"3 account\(s\).*Slow \(s\)"):
        SPEC.export([sixty, steam, seven], None)


_names = st.text(st.sampled_from("ab:Z 9é@-"), max_size=10).map(str.strip)


@settings(max_examples=60, deadline=2000)
@given(
    issuer=_names,
    name=_names,
    secret=st.binary(min_size=1, max_size=64),
    kind=st.sampled_from(["totp", "hotp"]),
    algorithm=st.sampled_from(["SHA1", "SHA256", "SHA512"]),
    digits=st.sampled_from([6, 8]),
    counter=st.integers(0, 2**63 - 1),
)
def test_uri_round_trip_property(
    issuer: str, name: str, secret: bytes, kind: str, algorithm: str, digits: int, counter: int
) -> None:
    account = Account(
        issuer=issuer,
        name=name,
        secret=secret,
        type=kind,
        algorithm=algorithm,
        digits=digits,
        counter=counter if kind == "hotp" else 0,
    )
    assert_same(_import_uris(google_transfer.transfer_uris([account])), [account])  # type: ignore[arg-type]
