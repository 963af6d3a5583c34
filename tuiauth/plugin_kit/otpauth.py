"""Reading and writing ``otpauth://`` URIs (the Key Uri Format every authenticator app shares).

``parse_uri(text, methods)`` turns a URI into an ``AccountDraft`` (``UriError`` when it is not a
valid one); ``parse_otp_value(text, methods)`` accepts either a URI or a bare base32 secret;
``to_uri(account, methods)`` writes an account back. ``methods`` maps method names to their
``MethodSpec``: the URI types, parameters and ranges each method declares are the only ones read or
written (see "what a MethodSpec tells the core" in docs/plugins.md).
"""

from ..core.otpauth import parse_otp_value, parse_uri, to_uri

__all__ = ["parse_otp_value", "parse_uri", "to_uri"]
