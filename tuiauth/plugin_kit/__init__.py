"""The plugin kit: everything a backend, importer, exporter or method author needs besides the
descriptors.

A plugin imports only ``tuiauth`` (``hookimpl``, the descriptor types, ``Account``/``AccountDraft``
and the main errors), ``tuiauth.hookspecs`` (the contract) and these modules; its tests may also use
``tuiauth.testing``. Everything else in the package is private and may change in any release (an
import-linter contract in ``pyproject.toml`` keeps the built-in plugins to the same rule).

``tuiauth.plugin_kit.errors``
    every typed error a plugin raises or catches.
``tuiauth.plugin_kit.names``
    the object-name rules every storage backend applies (``check_name``, ``is_object_name``,
    ``TEMP_PREFIX``, ``MAX_OBJECT_BYTES``).
``tuiauth.plugin_kit.http``
    for backends built on httpx: transport failures as typed errors (``transport_error``), TLS
    settings (``tls_verify``), credential-free URLs for messages (``display_url``, ``server_name``),
    a short quotation of an error reply (``quote_reply``).
``tuiauth.plugin_kit.xml``
    parsing untrusted XML with defusedxml (``parse_xml``).
``tuiauth.plugin_kit.encoding``
    decoding and encoding OTP secrets (base32, base64, hex).
``tuiauth.plugin_kit.crypto``
    the primitives an importer or exporter needs for another app's encrypted files.
``tuiauth.plugin_kit.importing``
    an importer's helpers: the per-entry problem collector (``EntryCollector``), input caps, a safe
    JSON loader, typed field readers, ``decrypting``.
``tuiauth.plugin_kit.otpauth``
    reading and writing ``otpauth://`` URIs.
``tuiauth.plugin_kit.exporting``
    an exporter's QR-code plan (``QrExport``, ``QrBatch``) and the 80×24 fit check.

Each module is imported on its own (this package imports none of them), so a plugin pays only for
what it uses. Names listed in a module's ``__all__`` are stable within a ``HOOK_API_VERSION``.
"""
