"""Names as written on the KTP: uppercase, single spaces; mononyms are valid."""

from __future__ import annotations

import re
import unicodedata

from kupang_desk.domain.issues import Issue, error

_ALLOWED = re.compile(r"^[^\W\d_]+(?:[ .'\-,]+[^\W\d_]*)*\.?$")


_WITHOUT_PUNCTUATION = str.maketrans("", "", " .'-,")


def normalize_name(raw: str) -> str:
    return unicodedata.normalize("NFC", " ".join(raw.split()).upper())


_SCRIPT_LABEL = {"CYRILLIC": "Sirilik (Rusia)", "GREEK": "Yunani", "LATIN": "Latin"}


def _script(letter: str) -> str:
    """LATIN, CYRILLIC, GREEK, … : the first word of the character's Unicode name."""
    return unicodedata.name(letter, "UNKNOWN").split(" ", 1)[0]


def _mixed_script(name: str, field: str) -> list[Issue]:
    """A name is written in one script. 'MАRIA' with a Cyrillic А looks right on screen
    but matches no KTP and no BPJS record (a paste from a chat or a phone keyboard)."""
    scripts: dict[str, tuple[int, str]] = {}
    for position, char in enumerate(name, start=1):
        if char.isalpha():
            scripts.setdefault(_script(char), (position, char))
    if len(scripts) < 2:
        return []
    main = max(scripts, key=lambda s: sum(_script(c) == s for c in name if c.isalpha()))
    odd = next(s for s in sorted(scripts, key=lambda s: scripts[s][0]) if s != main)
    position, char = scripts[odd]
    return [
        error(
            field,
            f"Nama '{name}': huruf ke-{position} '{char}' adalah huruf "
            f"{_SCRIPT_LABEL.get(odd, odd.title())}, bukan huruf "
            f"{_SCRIPT_LABEL.get(main, main.title())} seperti huruf lainnya (mirip, tetapi "
            "lain). Hapus lalu ketik ulang nama dengan papan ketik biasa.",
            "name.mixed_script",
        )
    ]


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
    if not name.isascii():
        return _mixed_script(name, field)
    return []
