"""Encryption of identity data at rest, and blind indexes for exact lookups.

Each value is sealed with AES-256-GCM under a named key: ``<key id>:<base64(nonce|ciphertext)>``.
Keys come from ``SAFERETURN_ENCRYPTION_KEYS`` (the first one encrypts; all decrypt), so keys
can be rotated by adding a new first key and running ``rotate_keys``. A value that cannot be
decrypted raises: it is never passed through as ciphertext or as an empty string.
"""

import base64
import functools
import hashlib
import hmac
import os
import re
import unicodedata

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from unidecode import unidecode

NONCE_BYTES = 12


class DecryptionError(Exception):
    pass


@functools.cache
def _keys(serialised):
    keys = {}
    for key_id, encoded in serialised:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        if len(raw) != 32:
            raise ImproperlyConfigured(f"encryption key {key_id!r} must be 32 bytes (base64)")
        if ":" in key_id:
            raise ImproperlyConfigured("encryption key ids cannot contain ':'")
        keys[key_id] = AESGCM(raw)
    return keys


def keyring():
    configured = settings.SAFERETURN_ENCRYPTION_KEYS
    if not configured:
        raise ImproperlyConfigured("SAFERETURN_ENCRYPTION_KEYS is not set")
    return _keys(tuple(configured.items()))


def current_key_id():
    return next(iter(settings.SAFERETURN_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes, associated: bytes = b"") -> str:
    key_id = current_key_id()
    nonce = os.urandom(NONCE_BYTES)
    sealed = keyring()[key_id].encrypt(nonce, data, associated or None)
    return f"{key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def decrypt_bytes(token: str, associated: bytes = b"") -> bytes:
    try:
        key_id, payload = token.split(":", 1)
        raw = base64.b64decode(payload)
        return keyring()[key_id].decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated or None)
    except KeyError as exc:
        raise DecryptionError(f"no key {exc} to decrypt a stored value") from exc
    except Exception as exc:
        raise DecryptionError("a stored value could not be decrypted") from exc


def encrypt_text(value: str) -> str:
    return encrypt_bytes(value.encode("utf-8"))


def decrypt_text(token: str) -> str:
    return decrypt_bytes(token).decode("utf-8")


def key_id_of(token: str) -> str:
    return token.split(":", 1)[0]


def _latin_to_ascii():
    """unidecode's own transliteration of the accented Latin letters, Vietnamese's included, as a
    ``str.translate`` table: unidecode maps each character alone, so the two agree (tested)."""
    return {
        code: unidecode(chr(code)) for start, end in ((0x80, 0x250), (0x1E00, 0x1F00)) for code in range(start, end)
    }


_LATIN_TO_ASCII = _latin_to_ascii()


def normalise(value: str) -> str:
    """Accent-free, lower-case, single-spaced: 'Nguyễn  Thị Hương' → 'nguyen thi huong'.

    Blind indexes are keyed on it, so its output must never change. A duplicate check normalises
    hundreds of decrypted names: the table does the Latin letters, unidecode whatever else is left.
    """
    value = unicodedata.normalize("NFC", value or "").replace("đ", "d").replace("Đ", "D")
    value = value.translate(_LATIN_TO_ASCII)
    if not value.isascii():
        value = unidecode(value)
    return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()


def normalise_digits(value: str) -> str:
    return re.sub(r"\D+", "", value or "")


def blind_index(purpose: str, value: str, length: int = 32) -> str:
    """HMAC-SHA256 of a normalised value under the blind-index key, separated by purpose."""
    key = settings.SAFERETURN_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("SAFERETURN_BLIND_INDEX_KEY is not set")
    digest = hmac.new(key.encode("utf-8"), f"{purpose}\x00{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:length]


# ---- binary blobs (stored files) ------------------------------------------------------------
# A file is sealed whole (uploads are bounded in size) as ``<key id>:`` + nonce + ciphertext|tag,
# with associated data binding it to where it is stored, so two stored files cannot be swapped.

BLOB_HEADER_MAX = 64


def seal_blob(data: bytes, associated: bytes) -> bytes:
    key_id = current_key_id()
    nonce = os.urandom(NONCE_BYTES)
    return key_id.encode("utf-8") + b":" + nonce + keyring()[key_id].encrypt(nonce, data, associated)


def blob_key_id(header: bytes) -> str:
    """The key id a sealed blob names, from (at least) its first ``BLOB_HEADER_MAX`` bytes."""
    key_id, sep, _rest = header[:BLOB_HEADER_MAX].partition(b":")
    if not sep:
        raise DecryptionError("a stored file is not in the sealed format")
    return key_id.decode("utf-8", errors="replace")


def open_blob(blob: bytes, associated: bytes) -> bytes:
    key_id = blob_key_id(blob)
    raw = blob[len(key_id.encode("utf-8")) + 1 :]
    try:
        key = keyring()[key_id]
    except KeyError as exc:
        raise DecryptionError(f"no key {key_id!r} to decrypt a stored file") from exc
    try:
        return key.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated)
    except Exception as exc:
        raise DecryptionError("a stored file could not be decrypted (wrong key, damaged or moved)") from exc


def configured_key_ids():
    return list(settings.SAFERETURN_ENCRYPTION_KEYS)


def self_test_keys():
    """Every configured key must load and round-trip; raises ``ImproperlyConfigured`` naming the bad one."""
    try:
        ring = keyring()
    except ImproperlyConfigured:
        raise
    except Exception as exc:
        raise ImproperlyConfigured(f"an encryption key is not valid base64: {exc}") from exc
    for key_id, key in ring.items():
        nonce = os.urandom(NONCE_BYTES)
        try:
            ok = key.decrypt(nonce, key.encrypt(nonce, b"safereturn", b"self-test"), b"self-test") == b"safereturn"
        except Exception:  # pragma: no cover - a loaded AES key always round-trips
            ok = False
        if not ok:  # pragma: no cover
            raise ImproperlyConfigured(f"encryption key {key_id!r} failed its self-test")
