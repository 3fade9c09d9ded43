"""The bundle file an OPD carries to the centre: signed by the office, sealed to the centre.

Layout (a zip, members stored, so any zip tool can list them):
- `header.json`: no personal data: format, OPD, the office's sequence number, the signer's
  Ed25519 public key, the centre's X25519 public key it is sealed to, and the ephemeral
  X25519 key, HKDF salt and AES-GCM nonce of this bundle.
- `payload.bin`: AES-256-GCM ciphertext (header bytes as associated data) of the
  zlib-compressed JSON {"manifest", "data"}. The key is HKDF-SHA256 of an X25519 exchange
  between a fresh ephemeral key and the centre's key: only the centre can read it.
- The zip comment is "ed25519:<hex signature>" over every byte before it, so a single
  changed byte anywhere (content, zip headers or the signature) fails verification,
  which happens before anything is decrypted, decompressed or parsed further.

Every library call is `cryptography`'s; nothing here is home-made crypto. Sizes are
checked before each read (a small file must not expand into gigabytes). No SQL here.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

# The key classes import the OpenSSL backend on first use; imported here, on the thread
# that imports this module (the GUI's), not on a merge's background thread, where an
# import races PySide's import hook (ui/background.py).
import cryptography.hazmat.backends.openssl.backend  # noqa: F401
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT = "kupang-desk-bundle"
FORMAT_VERSION = 2
_SEAL_PREFIX = b"ed25519:"
_SEAL_LENGTH = len(_SEAL_PREFIX) + 128
_OLD_SEAL_PREFIX = b"sha256:"
_HKDF_INFO = b"kupang-desk bundle v2"
MEMBERS = ("header.json", "payload.bin")
MAX_HEADER_BYTES = 64 * 1024
MAX_FILE_BYTES = 2 * 1024**3
# Record JSON compresses about 10x; allow far more, refuse a bomb (1.1 MB -> 1 GiB).
MAX_EXPANSION = 100
MIN_DATA_LIMIT = 64 * 1024**2


class BundleDamaged(Exception):
    """The file is not an intact, readable bundle; `str()` is for the clerk."""


class BundleRefused(BundleDamaged):
    """Intact as a file, but not acceptable (signer, OPD, sequence); `str()` is for the clerk."""


@dataclass(frozen=True)
class Bundle:
    manifest: dict
    data: dict
    checksum: str  # sha256 of the whole file


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _raw_public(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _aes_key(shared: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_HKDF_INFO).derive(shared)


def write_bundle(
    path: Path,
    manifest: dict,
    data: dict,
    *,
    signing_key: str,
    centre_public_key: str,
    sequence: int,
) -> str:
    """Seal, sign and write the bundle atomically (temp file + rename); returns its sha256."""
    document = {"manifest": {**manifest, "sequence": sequence}, "data": data}
    return write_sealed(
        path,
        zlib.compress(_json_bytes(document), 6),
        opd=manifest["opd"],
        created_at=manifest.get("created_at"),
        sequence=sequence,
        signing_key=signing_key,
        centre_public_key=centre_public_key,
    )


def write_sealed(
    path: Path,
    plain: bytes,
    *,
    opd: str,
    created_at: str | None,
    sequence: int,
    signing_key: str,
    centre_public_key: str,
) -> str:
    """Encrypt `plain` (compressed JSON) to the centre, sign the file, write it atomically."""
    signer = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(signing_key))
    recipient = X25519PublicKey.from_public_bytes(bytes.fromhex(centre_public_key))
    ephemeral = X25519PrivateKey.generate()
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "opd": opd,
        "sequence": sequence,
        "created_at": created_at,
        "signer": _raw_public(signer).hex(),
        "recipient": centre_public_key,
        "ephemeral": _raw_public(ephemeral).hex(),
        "salt": salt.hex(),
        "nonce": nonce.hex(),
    }
    header_bytes = _json_bytes(header)
    key = _aes_key(ephemeral.exchange(recipient), salt)
    payload = AESGCM(key).encrypt(nonce, plain, header_bytes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("header.json", header_bytes)
        archive.writestr("payload.bin", payload)
        archive.comment = _SEAL_PREFIX + b"0" * 128
    body = buffer.getvalue()[:-_SEAL_LENGTH]
    raw = body + _SEAL_PREFIX + signer.sign(body).hex().encode()
    path = Path(path)
    temp = path.with_name(path.name + ".tmp")
    with temp.open("wb") as handle:
        handle.write(raw)
        handle.flush()
        os.fsync(handle.fileno())  # a USB stick pulled out early must not hold half a bundle
    temp.replace(path)
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Envelope:
    """A bundle file opened but not yet trusted: its header and its signed bytes."""

    name: str
    raw: bytes
    header: dict
    header_bytes: bytes
    payload: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def signer(self) -> str:
        return self.header["signer"]

    def altered(self) -> BundleDamaged:
        return BundleDamaged(
            f"Berkas {self.name} rusak atau telah diubah (tanda tangan kantor OPD tidak cocok). "
            "Tidak ada data yang digabungkan; minta OPD mengirim ulang berkasnya."
        )

    def verify(self) -> None:
        """The signature by the header's signer over every byte before it."""
        try:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(self.signer))
            signature = bytes.fromhex(self.raw[-128:].decode("ascii"))
            key.verify(signature, self.raw[:-_SEAL_LENGTH])
        except (InvalidSignature, ValueError, UnicodeDecodeError) as exc:
            raise self.altered() from exc

    def open(self, centre_private_key: str) -> Bundle:
        """Decrypt and parse; call only after verify() and the signer checks."""
        header = self.header
        try:
            private = X25519PrivateKey.from_private_bytes(bytes.fromhex(centre_private_key))
            if _raw_public(private).hex() != header["recipient"]:
                raise BundleRefused(
                    f"Berkas {self.name} ditujukan ke pusat lain (kunci pusat berbeda). Tidak "
                    "ada data yang digabungkan; periksa berkas pemasangan kantor OPD itu."
                )
            ephemeral = X25519PublicKey.from_public_bytes(bytes.fromhex(header["ephemeral"]))
            key = _aes_key(private.exchange(ephemeral), bytes.fromhex(header["salt"]))
            plain = AESGCM(key).decrypt(
                bytes.fromhex(header["nonce"]), self.payload, self.header_bytes
            )
        except (InvalidTag, ValueError) as exc:
            raise self.altered() from exc
        limit = max(MIN_DATA_LIMIT, MAX_EXPANSION * len(plain))
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(plain, limit + 1)
        except zlib.error as exc:
            raise self.malformed("isi tidak dapat dibuka") from exc
        if len(text) > limit or not inflater.eof:
            raise BundleDamaged(
                f"Berkas {self.name} ditolak: isinya mengembang lebih dari {limit // 1024**2} MB "
                "(bukan kiriman yang wajar). Tidak ada data yang digabungkan."
            )
        try:
            document = json.loads(text)
        except ValueError as exc:
            raise self.malformed("isi bukan JSON yang sah") from exc
        if not isinstance(document, dict) or not isinstance(document.get("manifest"), dict):
            raise self.malformed("manifest tidak ada")
        manifest, data = document["manifest"], document.get("data")
        if not isinstance(data, dict):
            raise self.malformed("data tidak ada")
        for field_name, kind in _MANIFEST_FIELDS.items():
            value = manifest.get(field_name)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise self.malformed(f"manifest: {field_name}")
        if manifest.get("opd") != header["opd"] or manifest.get("sequence") != header["sequence"]:
            raise self.malformed("manifest tidak sama dengan kepala berkas")
        return Bundle(manifest, data, self.digest)

    def malformed(self, what: str) -> BundleDamaged:
        return BundleDamaged(
            f"Berkas {self.name} tidak sah ({what}). Tidak ada data yang digabungkan; minta "
            "OPD membuat ulang kirimannya dengan Kupang Desk."
        )


_MANIFEST_FIELDS = {
    "opd": str,
    "machine_id": str,
    "created_at": str,
    "schema_version": int,
    "sequence": int,
    "counts": dict,
}
_HEADER_FIELDS = {
    "format": str,
    "format_version": int,
    "opd": str,
    "sequence": int,
    "signer": str,
    "recipient": str,
    "ephemeral": str,
    "salt": str,
    "nonce": str,
}


def open_envelope(path: Path) -> Envelope:
    """Read the file and its header (sizes checked first); nothing is trusted yet."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BundleDamaged(f"Berkas {name} terlalu besar untuk sebuah kiriman.")
        raw = path.read_bytes()
    except OSError as exc:
        raise BundleDamaged(f"Berkas {name} tidak dapat dibaca: {exc.strerror}.") from exc
    seal = raw[-_SEAL_LENGTH:]
    if len(raw) <= _SEAL_LENGTH or not seal.startswith(_SEAL_PREFIX):
        unsigned = _OLD_SEAL_PREFIX in raw[-80:]
        raise BundleRefused(
            f"Berkas {name} tidak bertanda tangan kantor OPD"
            + (" (format kiriman lama)" if unsigned else " atau bukan berkas kiriman Kupang Desk")
            + ". Tidak ada data yang digabungkan."
        )
    probe = Envelope(name, raw, {}, b"", b"")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if sorted(infos) != sorted(MEMBERS):
                raise probe.malformed("isi zip tidak dikenal")
            if infos["header.json"].file_size > MAX_HEADER_BYTES:
                raise probe.malformed("kepala berkas terlalu besar")
            if infos["payload.bin"].file_size > len(raw):
                raise probe.malformed("ukuran isi tidak wajar")
            header_bytes = archive.read("header.json")
            payload = archive.read("payload.bin")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise probe.altered() from exc
    try:
        header = json.loads(header_bytes)
    except ValueError as exc:
        raise probe.altered() from exc
    if not isinstance(header, dict):
        raise probe.malformed("kepala berkas")
    if header.get("format") != FORMAT or header.get("format_version") != FORMAT_VERSION:
        raise BundleDamaged(
            f"Berkas {name} dibuat dengan format kiriman lain "
            f"({header.get('format')} {header.get('format_version')}). Perbarui aplikasi."
        )
    for field_name, kind in _HEADER_FIELDS.items():
        if not isinstance(header.get(field_name), kind) or isinstance(header.get(field_name), bool):
            raise probe.malformed(f"kepala berkas: {field_name}")
    return Envelope(name, raw, header, header_bytes, payload)
