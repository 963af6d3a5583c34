"""The cryptographic primitives a plugin needs, so that no plugin touches a crypto library directly.

An importer decrypting another app's export uses the key derivations (each refuses parameters read
from a file when they are out of range, with ``UnsafeParametersError``) and the ciphers; a failed
authentication raises ``DecryptionError``, which ``tuiauth.plugin_kit.importing.decrypting`` turns
into the importer contract's ``ImportPasswordError``. A method computes its codes with
``hmac_digest``; a backend signing requests with ``hmac_digest`` and ``sha256``.
"""

from ..core.crypto import (
    MAX_AES_KDF_ROUNDS,
    MAX_ARGON2_LANES,
    MAX_ARGON2_MEMORY_KIB,
    MAX_KDBX_ARGON2_WORK_KIB,
    MAX_PBKDF2_ITERATIONS,
    DecryptionError,
    KdfParams,
    aes_cbc_decrypt,
    aes_ctr_le,
    aes_gcm_decrypt,
    aes_gcm_encrypt,
    aes_kdf,
    argon2_kdbx,
    argon2id,
    argon2id_import,
    constant_time_equal,
    hkdf_expand,
    hmac_digest,
    md5_hex,
    pbkdf2,
    random_bytes,
    scrypt,
    secretstream_pull,
    sha256,
    xchacha20poly1305_decrypt,
)

__all__ = [
    "MAX_AES_KDF_ROUNDS",
    "MAX_ARGON2_LANES",
    "MAX_ARGON2_MEMORY_KIB",
    "MAX_KDBX_ARGON2_WORK_KIB",
    "MAX_PBKDF2_ITERATIONS",
    "DecryptionError",
    "KdfParams",
    "aes_cbc_decrypt",
    "aes_ctr_le",
    "aes_gcm_decrypt",
    "aes_gcm_encrypt",
    "aes_kdf",
    "argon2_kdbx",
    "argon2id",
    "argon2id_import",
    "constant_time_equal",
    "hkdf_expand",
    "hmac_digest",
    "md5_hex",
    "pbkdf2",
    "random_bytes",
    "scrypt",
    "secretstream_pull",
    "sha256",
    "xchacha20poly1305_decrypt",
]
