"""The bundle file an OPD carries to the centre: one zip, sealed by a SHA-256 checksum.

Layout: `manifest.json` (OPD, source machine, time, counts, schema version, hash of
data.json) and `data.json` (records and their history). The zip comment is
"sha256:<hex>" of every byte before it, so a single flipped byte anywhere in the file
— content, zip headers or the checksum itself — is caught before anything is read.
Any zip tool can still open the file to look inside. No SQL here.
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

FORMAT = "kupang-desk-bundle"
FORMAT_VERSION = 1
_SEAL_PREFIX = b"sha256:"
_SEAL_LENGTH = len(_SEAL_PREFIX) + 64


class BundleDamaged(Exception):
    """The file is not an intact bundle; `str()` is for the clerk."""


@dataclass(frozen=True)
class Bundle:
    manifest: dict
    data: dict
    checksum: str


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode()


def write_bundle(path: Path, manifest: dict, data: dict) -> str:
    """Write the sealed zip atomically (temp file + rename); returns its checksum."""
    data_bytes = _json_bytes(data)
    manifest = {
        **manifest,
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "content_sha256": hashlib.sha256(data_bytes).hexdigest(),
    }
    buffer = io.BytesIO()
    placeholder = _SEAL_PREFIX + b"0" * 64
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _json_bytes(manifest))
        archive.writestr("data.json", data_bytes)
        archive.comment = placeholder
    body = buffer.getvalue()[:-_SEAL_LENGTH]
    checksum = hashlib.sha256(body).hexdigest()
    path = Path(path)
    temp = path.with_name(path.name + ".tmp")
    with temp.open("wb") as handle:
        handle.write(body + _SEAL_PREFIX + checksum.encode())
        handle.flush()
        os.fsync(handle.fileno())  # a USB stick pulled out early must not hold half a bundle
    temp.replace(path)
    return checksum


def read_bundle(path: Path) -> Bundle:
    """Read and verify a bundle; raises BundleDamaged for any damage or tampering."""
    name = Path(path).name
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise BundleDamaged(f"Berkas {name} tidak dapat dibaca: {exc.strerror}.") from exc
    damaged = BundleDamaged(
        f"Berkas {name} rusak atau telah diubah (checksum tidak cocok). Tidak ada data yang "
        "digabungkan; minta OPD mengirim ulang berkasnya."
    )
    seal = raw[-_SEAL_LENGTH:]
    if len(raw) <= _SEAL_LENGTH or not seal.startswith(_SEAL_PREFIX):
        raise BundleDamaged(
            f"Berkas {name} bukan berkas kiriman Kupang Desk atau rusak. Tidak ada data yang "
            "digabungkan."
        )
    checksum = seal[len(_SEAL_PREFIX) :].decode("ascii", "replace")
    if hashlib.sha256(raw[:-_SEAL_LENGTH]).hexdigest() != checksum:
        raise damaged
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            data_bytes = archive.read("data.json")
        data = json.loads(data_bytes)
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError) as exc:
        raise damaged from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BundleDamaged(
            f"Berkas {name} dibuat dengan format kiriman lain "
            f"({manifest.get('format')} {manifest.get('format_version')}). Perbarui aplikasi."
        )
    if hashlib.sha256(data_bytes).hexdigest() != manifest.get("content_sha256"):
        raise damaged
    return Bundle(manifest, data, checksum)
