"""Reading a date as Indonesian clerks write it: the one parser for typed and imported dates.

15-03-1985, 15/3/1985, 15.03.1985, 1985-03-15, 15 Maret 1985, 15-Mar-1985. The importer
(exchange/values.py) wraps it with the column's name; the settings check quotes the key.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("JANUARI", "JAN", "JANUARY"),
            ("FEBRUARI", "FEB", "PEB", "FEBRUARY", "PEBRUARI"),
            ("MARET", "MAR", "MARCH"),
            ("APRIL", "APR"),
            ("MEI", "MAY"),
            ("JUNI", "JUN", "JUNE"),
            ("JULI", "JUL", "JULY"),
            ("AGUSTUS", "AGU", "AGT", "AGS", "AUG", "AUGUST"),
            ("SEPTEMBER", "SEP", "SEPT"),
            ("OKTOBER", "OKT", "OCT", "OCTOBER"),
            ("NOVEMBER", "NOV", "NOP", "NOPEMBER"),
            ("DESEMBER", "DES", "DEC", "DECEMBER"),
        ),
        start=1,
    )
    for name in names
}
DATE_HINT = "Tulis hh-bb-tttt, mis. 15-03-1985 atau 15 Maret 1985."

_NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_WORDS_DATE = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4})$")


class DateTextError(ValueError):
    """Text that is no date; `not_in_calendar` tells 31-02-2026 from 'kemarin'."""

    def __init__(self, raw: str, *, not_in_calendar: bool) -> None:
        super().__init__(raw)
        self.raw = raw
        self.not_in_calendar = not_in_calendar

    def reason(self) -> str:
        """The message after the field's name: what is wrong and how to write it."""
        shown = self.raw if len(self.raw) <= 40 else self.raw[:39] + "…"
        shown = "".join(ch if ch.isprintable() else "?" for ch in shown)
        if self.not_in_calendar:
            return f"{shown} bukan tanggal yang ada di kalender. {DATE_HINT}"
        return f"'{shown}' tidak terbaca sebagai tanggal. {DATE_HINT}"


def parse_tanggal(raw: str) -> date | None:
    """The date in `raw` (None for blank text), or DateTextError."""
    raw = " ".join(raw.split())
    if not raw:
        return None
    try:
        if match := _NUMERIC_DATE.match(raw):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _ISO_DATE.match(raw):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _WORDS_DATE.match(raw):
            named = MONTHS.get(match.group(2).upper())
            if named is not None:
                return date(int(match.group(3)), named, int(match.group(1)))
    except ValueError:
        raise DateTextError(raw, not_in_calendar=True) from None
    raise DateTextError(raw, not_in_calendar=False)
