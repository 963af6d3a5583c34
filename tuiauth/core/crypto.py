"""All of tuiauth's cryptography, in one place: nothing else imports a crypto library.

Two parts: the primitives of our own sealed file (Argon2id slots, HKDF body keys, AES-256-GCM,
recovery keys), and the primitives other apps' encrypted exports need, so importers never touch a
crypto library directly. KDF parameters read from any file are range-checked *before* deriving.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .errors import SecretError, UnsafeParametersError

KEY_SIZE = 32
NONCE_SIZE = 12
SALT_SIZE = 16


class DecryptionError(Exception):
    """Authentication of a ciphertext failed: wrong key, or the bytes were changed."""


# --- KDF parameters ------------------------------------------------------------------------------
@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters: memory in KiB, iterations (time cost), lanes (parallelism)."""

    memory_kib: int
    iterations: int
    lanes: int


#: The production profile: m=256 MiB, t=3, p=4, lowered by calibration on slow
#: machines but never below ``MIN_KDF``.
DEFAULT_KDF = KdfParams(memory_kib=256 * 1024, iterations=3, lanes=4)
MIN_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
#: Only ever selected explicitly by test fixtures and benchmarks; nothing reads it from the environment.
TEST_KDF = KdfParams(memory_kib=8, iterations=1, lanes=1)

#: Caps for parameters read from files (ours or other apps'); a hostile file cannot exhaust memory.
MAX_ARGON2_MEMORY_KIB = 1024 * 1024
MAX_ARGON2_ITERATIONS = 10
MAX_ARGON2_LANES = 16
MAX_SCRYPT_N = 2**20
MAX_SCRYPT_R = 32
MAX_SCRYPT_P = 16
MAX_PBKDF2_ITERATIONS = 2_000_000


def check_argon2(params: KdfParams) -> None:
    m, t, p = params.memory_kib, params.iterations, params.lanes
    if not (1 <= p <= MAX_ARGON2_LANES):
        raise UnsafeParametersError(f"refusing Argon2id lanes={p}: allowed 1 to {MAX_ARGON2_LANES}")
    if not (1 <= t <= MAX_ARGON2_ITERATIONS):
        raise UnsafeParametersError(f"refusing Argon2id iterations={t}: allowed 1 to {MAX_ARGON2_ITERATIONS}")
    if not (8 * p <= m <= MAX_ARGON2_MEMORY_KIB):
        raise UnsafeParametersError(
            f"refusing Argon2id memory={m} KiB: allowed {8 * p} KiB to {MAX_ARGON2_MEMORY_KIB // 1024} MiB"
        )


def argon2id(secret: bytes, salt: bytes, params: KdfParams, length: int = KEY_SIZE) -> bytes:
    check_argon2(params)
    return Argon2id(
        salt=salt,
        length=length,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)


#: Imported files may trade memory for passes: Ente writes 1 GiB × 4 passes, and on small phones
#: 256 MiB × 16 or 128 MiB × 32 (the same work). The cap is on memory × passes, not passes alone.
MAX_IMPORT_ARGON2_WORK = MAX_ARGON2_MEMORY_KIB * 4
MAX_IMPORT_ARGON2_ITERATIONS = 64


def argon2id_import(secret: bytes, salt: bytes, params: KdfParams, length: int = KEY_SIZE) -> bytes:
    """Argon2id for another app's file: memory up to 1 GiB, at most 1 GiB × 4 passes of work."""
    m, t = params.memory_kib, params.iterations
    if not (1 <= t <= MAX_IMPORT_ARGON2_ITERATIONS) or m * t > MAX_IMPORT_ARGON2_WORK:
        raise UnsafeParametersError(
            f"refusing Argon2id iterations={t} with memory={m} KiB: more work than 1 GiB × 4 passes"
        )
    check_argon2(KdfParams(memory_kib=m, iterations=1, lanes=params.lanes))
    return Argon2id(salt=salt, length=length, iterations=t, lanes=params.lanes, memory_cost=m).derive(secret)


#: The speed probe: one pass over 16 MiB with the default lanes (so it sees the same parallelism),
#: 1/48 of the default profile's work. Argon2id's time grows with memory × passes.
PROBE_KDF = KdfParams(memory_kib=16 * 1024, iterations=1, lanes=DEFAULT_KDF.lanes)


@dataclass(frozen=True)
class KdfEstimate:
    """Parameters for a new key and how long one derivation with them is expected to take here."""

    params: KdfParams
    seconds: float

    def wording(self) -> str:
        """How long to wait, as a person reads it: "under a second" or "about 5 seconds"."""
        if self.seconds < 1.5:
            return "under a second" if self.seconds < 1 else "about a second"
        return f"about {round(self.seconds)} seconds"


def _work(params: KdfParams) -> int:
    return params.memory_kib * params.iterations


def estimate_kdf(
    params: KdfParams | None = None,
    *,
    target_seconds: float = 1.0,
    clock: Callable[[], float] = time.perf_counter,
) -> KdfEstimate:
    """Time one short probe and scale it: the expected cost of ``params`` or, when ``params`` is
    None, the calibrated profile — the default, its memory halved while a derivation would take over
    ``target_seconds``, never below ``MIN_KDF``. Costs one probe, never a full derivation."""
    probe = params if params is not None and _work(params) <= _work(PROBE_KDF) else PROBE_KDF
    start = clock()
    argon2id(b"calibration", b"\0" * SALT_SIZE, probe)
    per_unit = (clock() - start) / _work(probe)
    if params is None:
        params = DEFAULT_KDF
        while params.memory_kib > MIN_KDF.memory_kib and per_unit * _work(params) > target_seconds:
            params = KdfParams(params.memory_kib // 2, params.iterations, params.lanes)
    return KdfEstimate(params, per_unit * _work(params))


def calibrate_kdf(target_seconds: float = 1.0, clock: Callable[[], float] = time.perf_counter) -> KdfParams:
    """The calibrated profile (see ``estimate_kdf``), after one short probe."""
    return estimate_kdf(target_seconds=target_seconds, clock=clock).params


def scrypt(secret: bytes, salt: bytes, n: int, r: int, p: int, length: int = KEY_SIZE) -> bytes:
    if not (2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0):
        raise UnsafeParametersError(f"refusing scrypt N={n}: allowed powers of two up to 2^20")
    if not (1 <= r <= MAX_SCRYPT_R and 1 <= p <= MAX_SCRYPT_P):
        raise UnsafeParametersError(f"refusing scrypt r={r}, p={p}")
    return Scrypt(salt=salt, length=length, n=n, r=r, p=p).derive(secret)


def pbkdf2(secret: bytes, salt: bytes, iterations: int, hash_name: str = "sha256", length: int = 32) -> bytes:
    if not (1 <= iterations <= MAX_PBKDF2_ITERATIONS):
        raise UnsafeParametersError(f"refusing PBKDF2 iterations={iterations}: allowed 1 to {MAX_PBKDF2_ITERATIONS}")
    algorithm = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256(), "sha512": hashes.SHA512()}[hash_name]  # noqa: S303 - imported formats use PBKDF2-SHA1
    return PBKDF2HMAC(algorithm=algorithm, length=length, salt=salt, iterations=iterations).derive(secret)


#: AES-KDF (KeePass): KeePassXC calibrates rounds to its "decryption time" (5.5 million for 0.1 s
#: here); 2^31 rounds is about 30 GiB of AES work, tens of seconds with AES-NI.
MAX_AES_KDF_ROUNDS = 2**31
_AES_KDF_CHUNK_BLOCKS = 1 << 16


def aes_kdf(key: bytes, seed: bytes, rounds: int) -> bytes:
    """KeePass' AES-KDF: each 16-byte half of the 32-byte ``key`` AES-256-ECB-encrypted ``rounds``
    times under ``seed``, then SHA-256.

    Encrypting a block n times is AES-CBC over n zero blocks with the block as IV (each ciphertext
    block is E(previous ⊕ 0)), so the chain runs inside the library, in chunks, not in a Python loop.
    """
    if not (1 <= rounds <= MAX_AES_KDF_ROUNDS) or len(seed) != KEY_SIZE or len(key) != KEY_SIZE:
        raise UnsafeParametersError(f"refusing AES-KDF rounds={rounds}: allowed 1 to {MAX_AES_KDF_ROUNDS}")
    halves = []
    for iv in (key[:16], key[16:]):
        encryptor = Cipher(algorithms.AES(seed), modes.CBC(iv)).encryptor()
        left, last = rounds, iv
        while left:
            blocks = min(left, _AES_KDF_CHUNK_BLOCKS)
            last = encryptor.update(bytes(16 * blocks))[-16:]
            left -= blocks
        halves.append(last)
    return hashlib.sha256(b"".join(halves)).digest()


#: Argon2 for KeePass databases: the file names the variant (2d or 2id), memory, passes, lanes and
#: version. Memory up to 1 GiB; memory × passes up to 16 GiB·passes (KeePassXC's default is 64 MiB
#: with passes calibrated to one second, a few dozen on a fast machine).
MAX_KDBX_ARGON2_WORK_KIB = MAX_ARGON2_MEMORY_KIB * 16


def argon2_kdbx(secret: bytes, salt: bytes, params: KdfParams, *, variant: str, version: int) -> bytes:
    """Argon2d or Argon2id as a KeePass database asks (``variant`` "d" or "id"); parameters checked."""
    from argon2.exceptions import HashingError
    from argon2.low_level import Type, hash_secret_raw

    m, t, p = params.memory_kib, params.iterations, params.lanes
    if not (1 <= t <= 10_000) or m * t > MAX_KDBX_ARGON2_WORK_KIB:
        raise UnsafeParametersError(
            f"refusing Argon2 passes={t} with memory={m // 1024} MiB: more than 16 GiB × passes of work"
        )
    check_argon2(KdfParams(memory_kib=m, iterations=1, lanes=p))
    if variant not in ("d", "id") or version not in (0x10, 0x13):
        raise UnsafeParametersError(f"refusing Argon2{variant} version {version:#x}")
    try:
        return hash_secret_raw(
            secret,
            salt,
            time_cost=t,
            memory_cost=m,
            parallelism=p,
            hash_len=KEY_SIZE,
            type=Type.D if variant == "d" else Type.ID,
            version=version,
        )
    except HashingError as exc:
        raise UnsafeParametersError("refusing Argon2 parameters the library rejects (salt length?)") from exc


def xchacha20poly1305_decrypt(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes | None = None) -> bytes:
    """XChaCha20-Poly1305 (IETF) AEAD, as cotp seals its database."""
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt
    from nacl.exceptions import CryptoError

    if len(key) != KEY_SIZE or len(nonce) != 24:
        raise DecryptionError("malformed XChaCha20-Poly1305 key or nonce")
    try:
        return bytes(crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, aad, nonce, key))
    except (CryptoError, ValueError, TypeError) as exc:
        raise DecryptionError("authentication failed") from exc


def hkdf(key: bytes, salt: bytes, info: bytes, length: int = KEY_SIZE) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(key)


# --- AEAD and hashes -----------------------------------------------------------------------------
def hkdf_expand(key: bytes, info: bytes, length: int = KEY_SIZE) -> bytes:
    """HKDF-Expand only (no extract step): Bitwarden stretches its master key this way."""
    return HKDFExpand(algorithm=hashes.SHA256(), length=length, info=info).derive(key)


def random_bytes(n: int) -> bytes:
    return os.urandom(n)


def aes_gcm_encrypt(key: bytes, plaintext: bytes, aad: bytes | None = None) -> tuple[bytes, bytes]:
    """Encrypt under a fresh random nonce; returns (nonce, ciphertext with tag)."""
    nonce = os.urandom(NONCE_SIZE)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def aes_gcm_encrypt_with_nonce(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes | None = None) -> bytes:
    """Encrypt under a nonce chosen by the caller (the sealed file records it in its header, which is
    itself part of the AAD). The caller must never reuse a (key, nonce) pair."""
    return AESGCM(key).encrypt(nonce, plaintext, aad)


def aes_gcm_decrypt(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes | None = None) -> bytes:
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("authentication failed") from exc


def aes_cbc_decrypt(key: bytes, iv: bytes, ciphertext: bytes, *, unpad: bool = True) -> bytes:
    """AES-CBC with PKCS#7 padding removed (Stratum legacy, Authy, LastPass …)."""
    if len(iv) != 16 or len(ciphertext) % 16:
        raise DecryptionError("malformed AES-CBC input")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(ciphertext) + decryptor.finalize()
    if not unpad:
        return plain
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(plain) + unpadder.finalize()
    except ValueError as exc:
        raise DecryptionError("bad padding: wrong key or damaged data") from exc


def aes_ctr_le(key: bytes, data: bytes, first_counter: int = 1) -> bytes:
    """AES-CTR with a 128-bit *little-endian* block counter (WinZip AES ZIP entries: Raivo exports).

    Encryption and decryption are the same operation. ``cryptography``'s CTR mode counts big-endian,
    so the counter blocks are built here and encrypted with AES-ECB to form the keystream.
    """
    blocks = (len(data) + 15) // 16
    counters = b"".join((first_counter + i).to_bytes(16, "little") for i in range(blocks))
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 - keystream blocks for CTR
    stream = encryptor.update(counters) + encryptor.finalize()
    size = len(data)
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(stream[:size], "big")
    return mixed.to_bytes(size, "big")


def secretstream_pull(key: bytes, header: bytes, ciphertext: bytes) -> tuple[bytes, int]:
    """Decrypt one message of a libsodium ``crypto_secretstream_xchacha20poly1305`` stream (Ente's
    encrypted export): ``header`` is the 24-byte stream header. Returns (plaintext, tag byte)."""
    from nacl.bindings import (
        crypto_secretstream_xchacha20poly1305_init_pull,
        crypto_secretstream_xchacha20poly1305_pull,
        crypto_secretstream_xchacha20poly1305_state,
    )
    from nacl.exceptions import CryptoError

    if len(key) != 32 or len(header) != 24:
        raise DecryptionError("malformed secretstream key or header")
    try:
        state = crypto_secretstream_xchacha20poly1305_state()
        crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
        plain, tag = crypto_secretstream_xchacha20poly1305_pull(state, ciphertext, None)
    except (CryptoError, ValueError, TypeError, RuntimeError) as exc:
        raise DecryptionError("authentication failed") from exc
    return bytes(plain), int(tag)


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def sha256_parts(*parts: bytes) -> bytes:
    """SHA-256 of the concatenation of ``parts``, without building it (large sealed bodies)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def hmac_digest(key: bytes, message: bytes, algorithm: str) -> bytes:
    """HMAC with ``algorithm`` in sha1/sha256/sha512/md5 (the OTP methods' building block)."""
    return hmac.new(key, message, algorithm).digest()


def md5_hex(data: bytes) -> str:
    """mOTP's digest; not used for anything that needs collision resistance."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def constant_time_equal(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


# --- recovery keys -------------------------------------------------------------------------------
RECOVERY_KEY_BYTES = 32


def new_recovery_key() -> bytes:
    return secrets.token_bytes(RECOVERY_KEY_BYTES)


def format_recovery_key(key: bytes) -> str:
    """Grouped base32, e.g. ``ABCD-EFGH-…`` (52 characters in 13 groups of four)."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        raise SecretError("that is not a recovery key: use the 13 groups of letters and digits") from None
    if len(key) != RECOVERY_KEY_BYTES:
        raise SecretError("that is not a recovery key: it should be 13 groups of four characters")
    return key
