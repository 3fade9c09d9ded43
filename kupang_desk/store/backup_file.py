"""An encrypted backup file: nothing readable on the USB disk.

Layout: MAGIC, a 4-byte header length, the header (JSON: database id, key id, salt,
nonce, time, schema, history head; no personal data) and the AES-256-GCM ciphertext of
the zlib-compressed SQLite file, with the header as associated data (a changed header or
byte fails). The AES key is HKDF-SHA256 of the database's 32-byte backup key, whose
printed form is the Kunci Pemulihan (base32 in groups of four). `cryptography` does all
the crypto. No SQL here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import zlib
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"KUPANG-DESK-CADANGAN\n"
FORMAT_VERSION = 1
SUFFIX = ".cadangan"
_INFO = b"kupang-desk backup v1"
MAX_HEADER = 64 * 1024


class BackupUnreadable(Exception):
    """Not an intact backup, or not openable with this key; `str()` is for the clerk."""


def key_id(key: bytes) -> str:
    """Names a key without revealing it: tells 'another key' apart from 'damaged'."""
    return hashlib.sha256(b"kupang-desk backup key id" + key).hexdigest()[:16]


def recovery_text(key: bytes) -> str:
    """The Kunci Pemulihan: 52 base32 letters/digits in groups of four."""
    text = base64.b32encode(key).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_text(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        key = b""
    if len(key) != 32:
        raise BackupUnreadable(
            "Kunci Pemulihan tidak sah: 52 huruf/angka dalam kelompok empat, mis. "
            "ABCD-EFGH-…, seperti yang dicetak saat pemasangan."
        )
    return key


def _aes(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO).derive(key)
    return AESGCM(derived)


def encrypt_file(plain_path: Path, target: Path, *, key: bytes, header: dict) -> None:
    """Write `plain_path` (an SQLite file) encrypted to `target` (fsynced, not renamed)."""
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        **header,
        "format": "kupang-desk-backup",
        "format_version": FORMAT_VERSION,
        "key_id": key_id(key),
        "salt": salt.hex(),
        "nonce": nonce.hex(),
    }
    header_bytes = json.dumps(header, sort_keys=True).encode()
    plain = zlib.compress(Path(plain_path).read_bytes(), 1)
    sealed = _aes(key, salt).encrypt(nonce, plain, header_bytes)
    with Path(target).open("wb") as handle:
        handle.write(MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + sealed)
        handle.flush()
        os.fsync(handle.fileno())


def _split(path: Path) -> tuple[dict, bytes, bytes]:
    name = Path(path).name
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise BackupUnreadable(f"Cadangan {name} tidak dapat dibaca: {exc.strerror}.") from exc
    if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + 4:
        raise BackupUnreadable(f"Berkas {name} bukan cadangan Kupang Desk (atau rusak).")
    (length,) = struct.unpack(">I", raw[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if length > MAX_HEADER or start + length > len(raw):
        raise BackupUnreadable(f"Cadangan {name} rusak (kepala berkas).")
    header_bytes = raw[start : start + length]
    try:
        header = json.loads(header_bytes)
    except ValueError as exc:
        raise BackupUnreadable(f"Cadangan {name} rusak (kepala berkas).") from exc
    if not isinstance(header, dict) or header.get("format_version") != FORMAT_VERSION:
        raise BackupUnreadable(f"Cadangan {name} dibuat dengan format lain; perbarui aplikasi.")
    return header, header_bytes, raw[start + length :]


def read_header(path: Path) -> dict:
    """The unencrypted header (authenticated only when the file is decrypted)."""
    return _split(path)[0]


def decrypt_file(path: Path, target: Path, *, key: bytes) -> dict:
    """Decrypt `path` into `target` (an SQLite file); returns the header."""
    header, header_bytes, sealed = _split(path)
    name = Path(path).name
    if header.get("key_id") != key_id(key):
        raise BackupUnreadable(
            f"Cadangan {name} dikunci dengan kunci lain (dari basis data lain). Di PC baru "
            "atau untuk basis data lain, pulihkan dengan Kunci Pemulihan basis data asalnya "
            "(kupang-desk restore BERKAS --recovery-key KUNCI)."
        )
    try:
        plain = _aes(key, bytes.fromhex(header["salt"])).decrypt(
            bytes.fromhex(header["nonce"]), sealed, header_bytes
        )
        data = zlib.decompress(plain)
    except (InvalidTag, ValueError, KeyError, zlib.error) as exc:
        raise BackupUnreadable(
            f"Cadangan {name} rusak atau telah diubah (pemeriksaan sandi gagal). Tidak ada "
            "yang dipulihkan."
        ) from exc
    with Path(target).open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return header
