"""A third-party verification method, defined only through ``MethodSpec``.

Its Key URIs are ``otpauth://septet/LABEL?secret=…&salt=…`` (or the type ``sept7``). A code is 7
characters from a 20-letter alphabet, shown as ``ABCD EFG``: the first 8 bytes of
HMAC-SHA256(secret, salt + time step), least-significant character first. The ``salt`` parameter is
the method's own: the core keeps it in the account's extra values.
"""

import hashlib
import hmac

from tuiauth import MethodSpec, hookimpl

ALPHABET = "ACDEFHJKLMNPRTUVWXY3"
LENGTH = 7


def septet_code(account, at):
    step = int(at // account.period)
    message = account.extra.get("salt", "").encode() + step.to_bytes(8, "big")
    value = int.from_bytes(hmac.new(account.secret, message, hashlib.sha256).digest()[:8], "big")
    chars = []
    for _ in range(LENGTH):
        value, index = divmod(value, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


@hookimpl
def tuiauth_methods():
    return [
        MethodSpec(
            name="septet",
            label="Septet (7 letters)",
            code=septet_code,
            default_digits=LENGTH,
            min_digits=LENGTH,
            max_digits=LENGTH,
            default_algorithm="SHA256",
            algorithms=("SHA256",),
            uri_types=("septet", "sept7"),
            uri_parameters=("salt",),
            code_groups=(4, 3),
            description="Seven letters every period, from a secret and a salt.",
        )
    ]
