"""Reading and writing ``otpauth://`` URIs (the Key Uri Format every authenticator app shares).

``parse_uri`` turns a URI into an ``AccountDraft`` (``UriError`` when it is not a valid one);
``parse_otp_value`` accepts either a URI or a bare base32 secret; ``to_uri`` writes an account back.
"""

from ..core.otpauth import parse_otp_value, parse_uri, to_uri

__all__ = ["parse_otp_value", "parse_uri", "to_uri"]
