"""The installation file the centre gives an OPD office, locked with a passphrase.

It holds the office's own signing key, so it must not be readable on the way: the JSON is
encrypted with AES-256-GCM under a key derived from the passphrase with scrypt (both from
`cryptography`). The passphrase travels apart from the file (told by phone, on paper).
No SQL here.
"""

from __future__ import annotations

import json
import os
import secrets
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"KUPANG-DESK-PEMASANGAN\n"
FORMAT_VERSION = 1
MAX_BYTES = 16 * 1024**2
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


class EnrollmentUnreadable(Exception):
    """Not an installation file, or the passphrase is wrong; `str()` is for the clerk."""


def new_passphrase() -> str:
    """Six groups of four (about 120 bits), easy to read out."""
    text = "".join(secrets.choice(_ALPHABET) for _ in range(24))
    return "-".join(text[i : i + 4] for i in range(0, 24, 4))


def _key(passphrase: str, salt: bytes) -> bytes:
    cleaned = "".join(passphrase.upper().split())
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(cleaned.encode())


def write_enrollment(path: Path, document: dict, passphrase: str) -> None:
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps(
        {
            "format": "kupang-desk-enrollment",
            "format_version": FORMAT_VERSION,
            "opd": document["opd_code"],
            "salt": salt.hex(),
            "nonce": nonce.hex(),
        },
        sort_keys=True,
    ).encode()
    sealed = AESGCM(_key(passphrase, salt)).encrypt(
        nonce, json.dumps(document, ensure_ascii=False).encode(), header
    )
    path = Path(path)
    temp = path.with_name(path.name + ".tmp")
    with temp.open("wb") as handle:
        handle.write(MAGIC + struct.pack(">I", len(header)) + header + sealed)
        handle.flush()
        os.fsync(handle.fileno())
    temp.replace(path)


def read_enrollment(path: Path, passphrase: str) -> dict:
    name = Path(path).name
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            raise EnrollmentUnreadable(f"Berkas {name} terlalu besar untuk berkas pemasangan.")
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise EnrollmentUnreadable(f"Berkas {name} tidak dapat dibaca: {exc.strerror}.") from exc
    not_ours = EnrollmentUnreadable(
        f"Berkas {name} bukan berkas pemasangan Kupang Desk (atau rusak)."
    )
    if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + 4:
        raise not_ours
    (length,) = struct.unpack(">I", raw[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    header_bytes = raw[start : start + length]
    try:
        header = json.loads(header_bytes)
        salt, nonce = bytes.fromhex(header["salt"]), bytes.fromhex(header["nonce"])
    except (ValueError, KeyError, TypeError) as exc:
        raise not_ours from exc
    try:
        plain = AESGCM(_key(passphrase, salt)).decrypt(nonce, raw[start + length :], header_bytes)
    except (InvalidTag, ValueError) as exc:
        raise EnrollmentUnreadable(
            f"Kata sandi berkas {name} salah, atau berkasnya rusak. Periksa kata sandi dari "
            "admin pusat (enam kelompok empat huruf/angka)."
        ) from exc
    try:
        document = json.loads(plain)
    except ValueError as exc:
        raise not_ours from exc
    if not isinstance(document, dict):
        raise not_ours
    return document
