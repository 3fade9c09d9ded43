"""How dates and money are written for Indonesian readers: "24 November 2026", "Rp 1.234.567"."""

from __future__ import annotations

from datetime import date

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal_panjang(value: date | None) -> str:
    """24 November 2026"""
    if value is None:
        return ""
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def tanggal_pendek(value: date | str | None) -> str:
    """24-11-2026, from a date or the store's ISO text "2026-11-24": the one place that
    writes dd-mm-yyyy (forms, lists, exports, messages)."""
    if not value:
        return ""
    if isinstance(value, str):
        # Sliced, not parsed: the worker list calls this for every visible cell.
        return f"{value[8:10]}-{value[5:7]}-{value[0:4]}"
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def ribuan(number: int) -> str:
    """1517 -> "1.517": the one place that groups thousands (counts and amounts alike)."""
    sign = "-" if number < 0 else ""
    return f"{sign}{abs(number):,}".replace(",", ".")


def rupiah(amount: int | None) -> str:
    """Rp 1.234.567 (whole rupiah, dots as thousands separators)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {ribuan(abs(amount))}"


def periode(year: int, month: int) -> str:
    """November 2026"""
    return f"{BULAN[month - 1]} {year}"
