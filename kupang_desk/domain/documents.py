"""Scans on the record (KTP, KK, SK kontrak, surat keterangan sekolah): kinds and limits.

One place for the rule the service and the centre's bundle merge both apply: what a stored
scan may be (PNG, JPEG or PDF by its first bytes, never by its file name) and how big.
"""

from __future__ import annotations

from enum import StrEnum

IMAGE_MAX_BYTES = 300 * 1024  # an image after downscaling and recompression (README)
PDF_MAX_BYTES = 2 * 1024 * 1024  # a PDF is kept as it is, up to this size
IMAGE_LONG_SIDE = 1600  # px: a KTP stays readable, a phone photo shrinks ~10x

MIME_PNG = "image/png"
MIME_JPEG = "image/jpeg"
MIME_PDF = "application/pdf"
_MAGIC = {
    MIME_PNG: b"\x89PNG\r\n\x1a\n",
    MIME_JPEG: b"\xff\xd8\xff",
    MIME_PDF: b"%PDF-",
}


class DocumentKind(StrEnum):
    KTP = "ktp"
    KK = "kk"
    SK_KONTRAK = "sk_kontrak"
    SURAT_SEKOLAH = "surat_sekolah"


KIND_LABEL = {
    DocumentKind.KTP: "KTP",
    DocumentKind.KK: "Kartu Keluarga",
    DocumentKind.SK_KONTRAK: "SK / kontrak kerja",
    DocumentKind.SURAT_SEKOLAH: "Surat keterangan sekolah/kuliah",
}


def sniff_mime(data: bytes) -> str | None:
    """The type the bytes say they are (PNG, JPEG, PDF), or None."""
    for mime, magic in _MAGIC.items():
        if data.startswith(magic):
            return mime
    return None


def _kb(size: int) -> str:
    return f"{size / 1024:.0f} KB"


def document_problem(data: bytes, kind: str) -> str | None:
    """Why these bytes cannot be stored as a scan of `kind`, in Indonesian; None if they can."""
    if kind not in {k.value for k in DocumentKind}:
        return f"Jenis dokumen {kind!r} tidak dikenal; pilih KTP, KK, SK kontrak, surat sekolah."
    mime = sniff_mime(data)
    if mime is None:
        return (
            "Berkas ini bukan gambar PNG/JPEG atau PDF (isinya tidak sesuai, apa pun nama "
            "berkasnya). Pindai ulang dokumen sebagai JPEG, PNG atau PDF."
        )
    limit = PDF_MAX_BYTES if mime == MIME_PDF else IMAGE_MAX_BYTES
    if len(data) > limit:
        what = "PDF" if mime == MIME_PDF else "Gambar (setelah diperkecil)"
        return f"{what} {_kb(len(data))} melebihi batas {_kb(limit)}. " + (
            "Pindai ulang dengan resolusi lebih rendah atau hanya halaman yang perlu."
            if mime == MIME_PDF
            else "Potong gambar pada dokumennya saja lalu coba lagi."
        )
    return None
