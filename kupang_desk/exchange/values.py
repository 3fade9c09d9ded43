"""Reading one cell the way clerks type it; a value that cannot be read becomes an Issue.

Cells arrive typed from calamine (str, float, int, bool, date, datetime, time, timedelta)
or as str from CSV. Every failure message names the column header and says how to fix it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from kupang_desk.domain.dates import DATE_HINT, DateTextError, parse_tanggal
from kupang_desk.domain.entities import MARITAL_STATUSES, Sex, WorkerStatus
from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.domain.issues import Issue, error
from kupang_desk.domain.money import MoneyError, parse_rupiah

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's leap-year bug included)
SERIAL_RANGE = (1, 109_574)  # up to 31-12-2199

SEXES = {
    "L": Sex.L,
    "LK": Sex.L,
    "LAKI": Sex.L,
    "LAKI-LAKI": Sex.L,
    "LAKI LAKI": Sex.L,
    "LAKILAKI": Sex.L,
    "PRIA": Sex.L,
    "P": Sex.P,
    "PR": Sex.P,
    "PEREMPUAN": Sex.P,
    "WANITA": Sex.P,
    "W": Sex.P,
}
MARITAL = {
    "TK": "TK",
    "BELUM KAWIN": "TK",
    "BELUM MENIKAH": "TK",
    "B": "TK",
    "K": "K",
    "KAWIN": "K",
    "MENIKAH": "K",
    "CH": "CH",
    "CERAI HIDUP": "CH",
    "CM": "CM",
    "CERAI MATI": "CM",
}
FLAGS = {"YA": True, "Y": True, "1": True, "TRUE": True, "TIDAK": False, "T": False, "0": False}
STATUSES = {
    "AKTIF": WorkerStatus.AKTIF,
    "NONAKTIF": WorkerStatus.NONAKTIF,
    "NON AKTIF": WorkerStatus.NONAKTIF,
    "TIDAK AKTIF": WorkerStatus.NONAKTIF,
}

_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
# A CSV cell starting with one of these may run as a formula when a spreadsheet opens the
# file (OWASP: tab and carriage return too); the CSV export puts an apostrophe before it,
# and reading removes that apostrophe again. xlsx text cells need none (exchange.writing).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_ESCAPE = re.compile(r"^'(?=[=+\-@\t\r])")


class CellError(ValueError):
    """A cell that cannot be read; the message is for the clerk."""


def text(value: object, header: str = "") -> str:
    """Any cell as trimmed text; whole floats lose their '.0' (RT 3.0 -> '3').

    `header` is unused: it gives text() the signature of the other cell parsers."""
    if type(value) is str:  # the common case first: this runs for every cell
        value = value.strip()
        return _FORMULA_ESCAPE.sub("", value).strip() if value[:1] == "'" else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "YA" if value else "TIDAK"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return tanggal_pendek(value)
    # Our own exports escape formula-like text with a leading apostrophe; undo it.
    return _FORMULA_ESCAPE.sub("", str(value).strip())


def identifier(value: object, header: str) -> str:
    """NIK, No. KK, NPWP: only text cells are trusted, Excel rounds numbers to 15 digits."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        shown = text(value) if not isinstance(value, float) or value < 1e17 else f"{value:.0f}"
        raise CellError(
            f"Kolom {header} berisi angka ({shown}), bukan teks: Excel hanya menyimpan 15 angka "
            "pertama dan angka terakhir bisa berubah. Format kolom "
            f"{header} sebagai Teks (Text), ketik ulang sesuai KTP/KK, lalu impor lagi."
        )
    raw = text(value)
    if _SCIENTIFIC.match(raw):
        raise CellError(
            f"Kolom {header} tertulis {raw} (bentuk angka Excel), digit aslinya sudah hilang. "
            f"Format kolom {header} sebagai Teks (Text), ketik ulang, lalu impor lagi."
        )
    # '3171… is how clerks force text in Excel; in a CSV the apostrophe stays in the cell.
    return raw.lstrip("'").replace(" ", "").replace(".", "").replace("-", "")


def card_number(value: object, header: str) -> str:
    """JKN/KPJ card numbers: like `identifier`, but a number cell of up to 15 digits is exact
    (BPJS lists often store KPJ numbers as numbers); a lost leading zero shows as a wrong
    length, which the card rule reports."""
    if (
        isinstance(value, float | int)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and 0 <= value < 1e15
    ):
        return str(int(value))
    return identifier(value, header)


def parse_date(value: object, header: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1] and float(value).is_integer():
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"Kolom {header}: {text(value)} bukan tanggal. {DATE_HINT}")
    try:
        return parse_tanggal(text(value))
    except DateTextError as exc:
        raise CellError(f"Kolom {header}: {exc.reason()}") from None


def parse_place_date(value: object, header: str) -> tuple[str, date | None]:
    """'ATAMBUA, 15-03-1985' -> ('ATAMBUA', date(1985, 3, 15))."""
    raw = text(value)
    if not raw:
        return "", None
    place, _, when = raw.rpartition(",")
    if not place:
        raise CellError(
            f"Kolom {header}: '{_short(raw)}' tidak terbaca. Tulis tempat, koma, lalu tanggal: "
            "ATAMBUA, 15-03-1985."
        )
    return place.strip(), parse_date(when.strip(), header)


def parse_sex(value: object, header: str) -> Sex | None:
    raw = " ".join(text(value).upper().replace(".", "").split())
    if not raw:
        return None  # not filled in: the worker rule asks for it
    sex = SEXES.get(raw)
    if sex is None:
        raise CellError(
            f"Kolom {header}: '{_short(raw)}' bukan jenis kelamin. Tulis L atau P "
            "(Laki-laki/Perempuan)."
        )
    return sex


def parse_marital(value: object, header: str) -> str:
    raw = " ".join(text(value).upper().split())
    if not raw:
        return ""
    code = MARITAL.get(raw)
    if code is None:
        raise CellError(
            f"Kolom {header}: '{_short(raw)}' bukan status kawin. Tulis "
            + ", ".join(f"{c} ({n})" for c, n in MARITAL_STATUSES.items())
            + "."
        )
    return code


def parse_phone(value: object, header: str) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        # A number cell has lost its leading 0: 81234567890 was 081234567890.
        digits = text(value)
        return "0" + digits if digits.startswith("8") else digits
    raw = _PHONE_SEPARATORS.sub("", text(value))
    if raw and not raw.lstrip("+").isdigit():
        raise CellError(
            f"Kolom {header}: '{_short(raw)}' bukan nomor HP. Tulis angka saja, mis. 081234567890."
        )
    return raw


def parse_money(value: object, header: str) -> int:
    """A number cell as it is; text through the one money reading (domain.money)."""
    if value is None or value == "":
        return 0
    if isinstance(value, float | int) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value)
        raise CellError(f"Kolom {header}: {value} bukan rupiah utuh. Tulis tanpa sen.")
    try:
        amount = parse_rupiah(text(value), f"Kolom {header}")
    except MoneyError as exc:
        raise CellError(str(exc)) from None
    return 0 if amount is None else amount


def parse_flag(value: object, header: str) -> bool:
    raw = text(value).upper()
    if not raw:
        return False
    if raw not in FLAGS:
        raise CellError(f"Kolom {header}: '{_short(raw)}' tidak terbaca. Tulis YA atau TIDAK.")
    return FLAGS[raw]


def parse_status(value: object, header: str) -> WorkerStatus:
    raw = " ".join(text(value).upper().split())
    if not raw:
        return WorkerStatus.AKTIF
    if raw not in STATUSES:
        raise CellError(f"Kolom {header}: '{_short(raw)}' bukan status. Tulis AKTIF atau NONAKTIF.")
    return STATUSES[raw]


def _short(raw: str, limit: int = 40) -> str:
    """Quote a cell in a message without flooding it; control characters made visible."""
    shown = raw if len(raw) <= limit else raw[: limit - 1] + "…"
    return "".join(ch if ch.isprintable() else "?" for ch in shown)


def cell_issue(field: str, exc: CellError) -> Issue:
    return error(field, str(exc), "import.cell")
