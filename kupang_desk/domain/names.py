"""Names as written on the KTP: uppercase, single spaces; mononyms are valid."""

from __future__ import annotations

import re

from kupang_desk.domain.issues import Issue, error

_ALLOWED = re.compile(r"^[^\W\d_]+(?:[ .'\-,]+[^\W\d_]*)*\.?$")


def normalize_name(raw: str) -> str:
    return " ".join(raw.split()).upper()


def check_name(name: str, field: str = "name") -> list[Issue]:
    if not name:
        return [error(field, "Nama wajib diisi, tulis sesuai KTP.", "name.empty")]
    if not _ALLOWED.match(name):
        return [
            error(
                field,
                f"Nama '{name}' hanya boleh berisi huruf, spasi, titik, koma, apostrof dan "
                "tanda hubung (tanpa angka). Tulis sesuai KTP.",
                "name.characters",
            )
        ]
    return []
