"""Reading the text of a QR code from an image file (a terminal has no camera).

The file is untrusted: its size and pixel count are capped before decoding, and every failure is an
``AccountError`` with a reason. Pillow and zxing-cpp are imported only when an image is read.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import AccountError

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000


def read_qr_text(path: Path) -> str:
    """The text of the first QR code in the image at ``path``."""
    import warnings

    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    path = path.expanduser()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise AccountError(f"there is no file at {path}") from None
    except OSError as exc:
        raise AccountError(f"cannot read {path}: {exc.strerror}") from None
    if not path.is_file():
        raise AccountError(f"{path} is not a file")
    if size > MAX_IMAGE_BYTES:
        raise AccountError(f"{path.name} is larger than {MAX_IMAGE_BYTES // 2**20} MiB: not a QR code image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise AccountError(f"{path.name} has {width}×{height} pixels: too large to scan")
                image.load()
                results = zxingcpp.read_barcodes(image.convert("L"))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AccountError(f"{path.name} is not an image tuiauth can read (PNG, JPEG, GIF, BMP …)") from None
    except OSError as exc:
        raise AccountError(f"cannot read the image {path.name}: {exc.strerror or 'damaged file'}") from None
    texts = [r.text for r in results if r.text]
    if not texts:
        raise AccountError(f"no QR code found in {path.name}: try a sharper or larger screenshot")
    return next((t for t in texts if t.lower().startswith("otpauth://")), texts[0])
