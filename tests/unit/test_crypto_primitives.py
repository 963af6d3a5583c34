"""The import-side primitives of crypto.py against independent references (hashlib, hmac, libsodium
itself), and the messages of their refusals."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_init_push,
    crypto_secretstream_xchacha20poly1305_push,
    crypto_secretstream_xchacha20poly1305_state,
    crypto_secretstream_xchacha20poly1305_TAG_FINAL,
)

from tuiauth.core import crypto
from tuiauth.core.errors import SecretError


@pytest.mark.parametrize("name", ["sha1", "sha256", "sha512"])
@pytest.mark.parametrize("count", [1, 3])
def test_pbkdf2_matches_hashlib(name: str, count: int) -> None:
    expected = hashlib.pbkdf2_hmac(name, b"passwd", b"salt", count, 48)
    assert crypto.pbkdf2(b"passwd", b"salt", count, name, 48) == expected


def test_pbkdf2_defaults_to_sha256_and_32_bytes() -> None:
    assert crypto.pbkdf2(b"passwd", b"salt", 2) == hashlib.pbkdf2_hmac("sha256", b"passwd", b"salt", 2, 32)


def hkdf_expand_reference(key: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 section 2.3, written out."""
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(key, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


@pytest.mark.parametrize("length", [32, 64])
def test_hkdf_expand_is_rfc_5869_expand(length: int) -> None:
    key = bytes(range(32))
    assert crypto.hkdf_expand(key, b"enc", length) == hkdf_expand_reference(key, b"enc", length)
    assert crypto.hkdf_expand(key, b"mac") == hkdf_expand_reference(key, b"mac", 32)


def test_a_wrong_key_for_aes_gcm_says_authentication_failed() -> None:
    nonce, sealed = crypto.aes_gcm_encrypt(bytes(32), b"secret", b"aad")
    assert crypto.aes_gcm_decrypt(bytes(32), nonce, sealed, b"aad") == b"secret"
    for key, aad in ((bytes(31) + b"\1", b"aad"), (bytes(32), b"other")):
        with pytest.raises(crypto.DecryptionError, match=r"^authentication failed$"):
            crypto.aes_gcm_decrypt(key, nonce, sealed, aad)


def stream(key: bytes, message: bytes) -> tuple[bytes, bytes]:
    state = crypto_secretstream_xchacha20poly1305_state()
    header = crypto_secretstream_xchacha20poly1305_init_push(state, key)
    return header, crypto_secretstream_xchacha20poly1305_push(
        state, message, None, crypto_secretstream_xchacha20poly1305_TAG_FINAL
    )


def test_secretstream_reads_what_libsodium_wrote() -> None:
    key = bytes(range(32))
    header, ciphertext = stream(key, b"the accounts")
    assert crypto.secretstream_pull(key, header, ciphertext) == (
        b"the accounts",
        crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    )
    with pytest.raises(crypto.DecryptionError, match=r"^authentication failed$"):
        crypto.secretstream_pull(bytes(32), header, ciphertext)


@pytest.mark.parametrize(("key", "header"), [(bytes(31), bytes(24)), (bytes(32), bytes(23)), (bytes(33), bytes(25))])
def test_secretstream_refuses_a_malformed_key_or_header(key: bytes, header: bytes) -> None:
    with pytest.raises(crypto.DecryptionError, match=r"^malformed secretstream key or header$"):
        crypto.secretstream_pull(key, header, bytes(40))


def test_a_recovery_key_with_two_characters_missing_is_the_wrong_length() -> None:
    text = crypto.format_recovery_key(bytes(range(32))).replace("-", "")[:50]
    with pytest.raises(SecretError) as caught:
        crypto.parse_recovery_key(text)
    assert caught.value.message == "that is not a recovery key: it should be 13 groups of four characters"
