"""The one reading of an amount of rupiah as clerks write it; form, importer, rates dialog.

Money is whole rupiah (an int). What is accepted, and why:

- Indonesian writing: dots group thousands, a comma starts the decimals, "Rp"/"Rp." in
  front and ",-" behind are decoration, spaces are ignored:
  "2.500.000", "Rp 2.500.000,-", "2.500.000,00", "2500000", "2 500 000" -> 2500000.
- Decimals must be zero (",0", ",00"): wages and rates are whole rupiah, so
  "2.500.000,50" is refused instead of being rounded silently.
- English writing from a spreadsheet in an English locale is read when it cannot mean
  anything else: "2,500,000" (two or more comma groups of three), "2,500,000.00" and
  "2500000.00" (one dot with one or two decimals, no grouping).
- Ambiguous text is refused with a message: "2,500" (2.500 in English, 2,5 in Indonesian)
  and a mix such as "2.500,000.00".

The old form read "2.500.000,00" as 250000000 (it dropped the dots and the comma): never
drop a separator without knowing what it is.
"""

from __future__ import annotations

import re

from kupang_desk.domain.formatting import ribuan

_DECORATION = re.compile(r"^RP\.?|(?:[.,]-|-)$", re.ASCII)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN = re.compile(r"^\d+$", re.ASCII)
_INDONESIAN = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$", re.ASCII)
_ENGLISH_GROUPED = re.compile(
    r"^\d{1,3}(?:,\d{3}){2,}(?:\.(\d+))?$|^\d{1,3},\d{3}\.(\d+)$", re.ASCII
)
_ENGLISH_DECIMAL = re.compile(r"^(\d+)\.(\d{1,2})$", re.ASCII)
_AMBIGUOUS = re.compile(r"^\d{1,3},\d{3}$", re.ASCII)
MAX_DIGITS = 13  # Rp 9.999.999.999.999: far above any wage; a longer run is a typo


class MoneyError(ValueError):
    """Text that is not an amount of whole rupiah; `str()` is for the clerk."""


def format_amount(amount: int) -> str:
    """2500000 -> "2.500.000" (the field's text; formatting.rupiah adds "Rp ")."""
    return ribuan(amount)


def parse_rupiah(text: str, label: str = "Jumlah") -> int | None:
    """Whole rupiah from text as typed; None for empty text. Raises MoneyError naming
    `label` (the field or column) and showing how to write it."""
    raw = _SPACES.sub("", text or "").upper()
    if not raw:
        return None
    shown = (text or "").strip()[:40]
    if raw.startswith("-") or raw.startswith("RP-"):
        raise MoneyError(f"{label}: '{shown}' negatif. Tulis jumlah rupiah tanpa tanda minus.")
    raw = _DECORATION.sub("", raw)
    if _PLAIN.match(raw):
        return _checked(raw, label, shown)
    if _AMBIGUOUS.match(raw):
        raise MoneyError(
            f"{label}: '{shown}' bisa berarti dua jumlah. Tulis titik sebagai pemisah ribuan, "
            f"mis. {raw.replace(',', '.')}, atau tanpa pemisah: {raw.replace(',', '')}."
        )
    match = _INDONESIAN.match(raw)
    if match:
        whole, decimals = match.group(1).replace(".", ""), match.group(2)
    elif match := _ENGLISH_GROUPED.match(raw):
        whole = raw.split(".")[0].replace(",", "")
        decimals = match.group(1) or match.group(2)
    elif match := _ENGLISH_DECIMAL.match(raw):
        whole, decimals = match.groups()
    else:
        raise MoneyError(
            f"{label}: '{shown}' bukan jumlah rupiah. Tulis angka dengan titik sebagai "
            "pemisah ribuan, mis. 2.500.000."
        )
    if decimals and decimals.strip("0"):
        raise MoneyError(
            f"{label}: '{shown}' memakai sen. Tulis rupiah utuh, mis. {format_amount(int(whole))}."
        )
    return _checked(whole, label, shown)


def _checked(digits: str, label: str, shown: str) -> int:
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise MoneyError(f"{label}: '{shown}' terlalu besar. Tulis jumlah per bulan.")
    return int(digits)
