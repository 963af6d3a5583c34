"""What an exporter that shows QR codes needs: the plan it returns (``ExporterSpec.qr``), the check
that one code fits an 80×24 terminal, and the plain-text pages of a plan (for its ``export``).
"""

from ..core.exporting import qr_pages_text
from ..core.qr import FIT, fits_terminal
from ..core.specs.exporters import QrBatch, QrExport

__all__ = ["FIT", "QrBatch", "QrExport", "fits_terminal", "qr_pages_text"]
