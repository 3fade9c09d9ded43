"""Names as written on the KTP: uppercase, single spaces; mononyms are valid."""

from __future__ import annotations

import re
import unicodedata

from kupang_desk.domain.issues import Issue, error

_ALLOWED = re.compile(r"^[^\W\d_]+(?:[ .'\-,]+[^\W\d_]*)*\.?$")


_WITHOUT_PUNCTUATION = str.maketrans("", "", " .'-,")


def normalize_name(raw: str) -> str:
    return unicodedata.normalize("NFC", " ".join(raw.split()).upper())


def check_name(name: str, field: str = "name") -> list[Issue]:
    if not name:
        return [error(field, "Nama wajib diisi, tulis sesuai KTP.", "name.empty")]
    # \w also takes "²" or "½" as letters: every character must really be a letter or
    # punctuation (_ALLOWED guarantees a letter, so the stripped name is never empty).
    if not _ALLOWED.match(name) or not name.translate(_WITHOUT_PUNCTUATION).isalpha():
        return [
            error(
                field,
                f"Nama '{name}' hanya boleh berisi huruf, spasi, titik, koma, apostrof dan "
                "tanda hubung (tanpa angka). Tulis sesuai KTP.",
                "name.characters",
            )
        ]
    return []
