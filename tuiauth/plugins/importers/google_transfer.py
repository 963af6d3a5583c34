"""Google Authenticator's "Transfer accounts" export: ``otpauth-migration://`` URIs
as text, or the QR codes themselves as PNG/JPEG images (read with zxing-cpp and Pillow).

A transfer of many accounts spans several QR codes; the parts of one batch can come in one text file
(one URI per line) or one image with several codes. Missing parts are reported, the rest imported.
A QR image holding plain ``otpauth://`` URIs (a site's enrolment code) imports too.
"""

from __future__ import annotations

from tuiauth import ImporterSpec, ImportResult

from ...hookspecs import hookimpl
from ...plugin_kit.errors import ImportFormatError
from ...plugin_kit.importing import EntryCollector, check_size, decode_text, guarded, has_suffix, head_text
from ._migration import SCHEME
from ._urilines import URI_SCHEMES, parse_uri_lines

WHAT = "Google Authenticator transfer"
IMAGE = "QR code image"
#: Largest image decoded, in pixels (a phone screenshot is ~3 MP); refuses decompression bombs.
MAX_IMAGE_PIXELS = 40_000_000
_PNG, _JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


def sniff_text(head: bytes, filename: str) -> float:
    return 0.95 if SCHEME in head_text(head).lower() else 0.0


@guarded(WHAT)
def parse_text(data: bytes, password: str | None) -> ImportResult:
    text = decode_text(data, WHAT)
    if SCHEME not in text.lower():
        raise ImportFormatError("this file holds no otpauth-migration:// transfer URI")
    collector = EntryCollector()
    parse_uri_lines(text, WHAT, collector)
    return collector.result


def sniff_image(head: bytes, filename: str) -> float:
    if head.startswith((_PNG, _JPEG)):
        return 0.8
    return 0.3 if has_suffix(filename, ".png", ".jpg", ".jpeg") else 0.0


def _qr_texts(data: bytes) -> list[str]:
    """The text of every QR code in the image, in reading order."""
    import io

    import zxingcpp
    from PIL import Image

    # Pillow and zxing-cpp raise many exception types on hostile images (OSError, SyntaxError,
    # ValueError, DecompressionBombError, struct.error …); any of them means "not a readable image".
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ImportFormatError(f"this image is {width}x{height} pixels: too large to scan")
            image.load()
            barcodes = zxingcpp.read_barcodes(
                image.convert("L"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
            )
    except ImportFormatError:
        raise
    except Exception:
        raise ImportFormatError("this is not a PNG or JPEG image that can be read") from None
    return [barcode.text for barcode in barcodes]


@guarded(IMAGE)
def parse_image(data: bytes, password: str | None) -> ImportResult:
    check_size(data, IMAGE)
    if not data.startswith((_PNG, _JPEG)):
        raise ImportFormatError("this is not a PNG or JPEG image")
    texts = _qr_texts(data)
    if not texts:
        raise ImportFormatError("no QR code was found in this image")
    otp_texts = [t.strip() for t in texts if t.strip().lower().startswith((SCHEME, *URI_SCHEMES))]
    if not otp_texts:
        raise ImportFormatError("the QR code in this image is not an otpauth:// or otpauth-migration:// URI")
    collector = EntryCollector()
    parse_uri_lines("\n".join(otp_texts), IMAGE, collector)
    skipped = len(texts) - len(otp_texts)
    if skipped:
        collector.skip("QR codes", f"{skipped} QR code(s) in the image hold other text and were ignored")
    return collector.result


@hookimpl
def tuiauth_importers() -> list[ImporterSpec]:
    return [
        ImporterSpec(
            name="google-transfer",
            app="Google Authenticator",
            how="In Google Authenticator: Transfer accounts, Export accounts; save each QR code's "
            "otpauth-migration:// text, one per line, in a .txt file.",
            label="Google Authenticator transfer URIs (otpauth-migration://)",
            sniff=sniff_text,
            parse=parse_text,
            patterns=("*.txt",),
            description="Text with one otpauth-migration:// URI per line (several QR codes of a batch).",
        ),
        ImporterSpec(
            name="qr-image",
            app="Google Authenticator",
            how="In Google Authenticator: Transfer accounts, Export accounts; a screenshot or photo of the "
            "QR codes (PNG or JPEG).",
            label="QR code image (Google transfer or otpauth://)",
            sniff=sniff_image,
            parse=parse_image,
            patterns=("*.png", "*.jpg", "*.jpeg"),
            description="A PNG/JPEG screenshot or photo of Google Authenticator transfer QR codes.",
        ),
    ]
