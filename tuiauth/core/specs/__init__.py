"""The typed descriptors plugins return from their hooks (see ``tuiauth/hookspecs.py``).

Every descriptor (``MethodSpec``, ``BackendSpec``, ``ImporterSpec``, ``ExporterSpec``,
``ReverifyFlow``) has:

``name``
    its unique identifier, by convention lower case with dashes (``totp``, ``webdav``, ``simple-csv``):
    what accounts, the config and the command line refer to. Two plugins providing one name is an
    error.
``label``
    what the person reads in lists and forms ("WebDAV").
``description``
    one optional sentence shown beside the label.

Descriptor fields are only ever added with defaults, so a plugin written against an older
version keeps working.
"""

from .backends import Backend, BackendSpec
from .exporters import ExporterSpec, QrBatch, QrExport
from .forms import FormField
from .importers import ImporterSpec, ImportProblem, ImportResult
from .methods import MethodSpec
from .reverify import ReverifyDone, ReverifyFlow, ReverifyStep

__all__ = [
    "Backend",
    "BackendSpec",
    "ExporterSpec",
    "FormField",
    "ImportProblem",
    "ImportResult",
    "ImporterSpec",
    "MethodSpec",
    "QrBatch",
    "QrExport",
    "ReverifyDone",
    "ReverifyFlow",
    "ReverifyStep",
]
