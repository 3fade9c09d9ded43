"""Reading the participant list BPJS sends back (xlsx/xls/ods via calamine, or csv).

BPJS files vary: a title block above the table, headers such as "No Kartu", "NOKA",
"No. KPJ", "NIK", "Nama Peserta", "Tgl Lahir", "Status". The header row is found by its
words; identifiers stay text; dates may be real spreadsheet dates or dd/mm/yyyy text.
Minimal on purpose: the roster importer (exchange/ of issue 5) will share a reader later.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from kupang_desk.domain.reconciliation import BpjsRow

# Normalised header (lowercase letters and digits only) -> field.
HEADERS = {
    "card_number": (
        "nokartu",
        "nomorkartu",
        "nokartubpjs",
        "nokartubpjskesehatan",
        "nokartujkn",
        "nojkn",
        "noka",
        "nokpj",
        "nomorkpj",
        "kpj",
        "nomorpeserta",
        "nopeserta",
    ),
    "nik": ("nik", "noktp", "nomorinduk", "nikkitaskitap", "nomorindukkependudukan"),
    "name": ("nama", "namapeserta", "namalengkap", "namatenagakerja"),
    "birth_date": ("tgllahir", "tanggallahir", "tgllhr"),
    "status": ("status", "statuspeserta", "statuskepesertaan"),
}
_FIELD_OF = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
HEADER_SCAN_ROWS = 20
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y")


class ListUnreadable(Exception):
    """The file cannot be read as a BPJS list; `str()` is for the clerk."""


@dataclass
class BpjsList:
    rows: list[BpjsRow]
    columns: dict[str, str]  # field -> header text found
    problems: list[str] = field(default_factory=list)


def _header_key(value: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value or "").lower())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number cell holding an identifier: 5.371e15 -> "5371…"
    return " ".join(str(value).split())


def _identifier(value: object) -> str:
    return re.sub(r"[\s.\-']", "", _text(value))


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _cells(path: Path) -> list[list[object]]:
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")  # saved by Excel on Windows
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise ListUnreadable(
            f"Berkas {path.name} tidak dapat dibaca sebagai lembar kerja (xlsx/xls/ods/csv): {exc}"
        ) from exc


def _find_header(cells: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    """(row index, field -> column) of the first row that reads like the table's header."""
    for index, header in enumerate(cells[:HEADER_SCAN_ROWS]):
        positions: dict[str, int] = {}
        for column, value in enumerate(header):
            name = _FIELD_OF.get(_header_key(value))
            if name and name not in positions:
                positions[name] = column
        if len(positions) >= 2 and ({"card_number", "nik", "name"} & positions.keys()):
            return index, positions
    return None


def read_bpjs_list(path: Path) -> BpjsList:
    path = Path(path)
    if not path.exists():
        raise ListUnreadable(f"Berkas {path} tidak ada.")
    cells = _cells(path)
    found = _find_header(cells)
    if found is None:
        raise ListUnreadable(
            f"Berkas {path.name}: baris judul kolom tidak ditemukan. Perlu kolom No Kartu/KPJ, "
            "NIK dan/atau Nama, Tgl Lahir."
        )
    header_index, positions = found
    header = cells[header_index]
    columns = {name: _text(header[col]) for name, col in positions.items()}
    rows, problems = [], []
    for offset, values in enumerate(cells[header_index + 1 :], start=header_index + 2):

        def cell(name: str, values=values) -> object:
            column = positions.get(name)
            return values[column] if column is not None and column < len(values) else None

        if not any(_text(v) for v in values):
            continue
        birth_date = None
        if _text(cell("birth_date")):
            try:
                birth_date = _date(cell("birth_date"))
            except ValueError:
                problems.append(
                    f"Baris {offset}: tanggal lahir '{_text(cell('birth_date'))}' tidak dikenali "
                    "(tulis hh/bb/tttt); baris dicocokkan tanpa tanggal lahir."
                )
        rows.append(
            BpjsRow(
                row=offset,
                card_number=_identifier(cell("card_number")),
                nik=_identifier(cell("nik")),
                name=_text(cell("name")),
                birth_date=birth_date,
                status=_text(cell("status")),
            )
        )
    return BpjsList(rows, columns, problems)
