"""Reading a sheet as offices make it: title rows, a header, data, a footer.

The kind of sheet (an OPD's roster by default, or the list BPJS sends back) is a
SheetColumns table from exchange.columns: its aliases find the header row.

xlsx/xls/ods go through python-calamine (typed cells); csv through the csv module
(comma or semicolon; UTF-8 with or without BOM, else Windows-1252). Rows are streamed and
numbered as the spreadsheet numbers them, so every message can point at a row.
This module reads and converts cells; whether a record is acceptable is domain/'s call.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import python_calamine

from kupang_desk.domain.formatting import ribuan
from kupang_desk.domain.issues import Issue, error
from kupang_desk.exchange import limits, values
from kupang_desk.exchange.columns import BIRTH_PLACE_DATE, ROSTER, SheetColumns

# Looked up here, on the thread that imports this module (the GUI's): a codec's first lookup
# is a lazy import, and on the wizard's worker thread that raced PySide's import hook
# (same cause as services.reports.prepare_rendering).
for _encoding in ("utf-8-sig", "cp1252"):
    codecs.lookup(_encoding)

HEADER_SEARCH_ROWS = 20
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
# Rows below the table: totals and the signature block ("Atambua, 24 November 2026",
# "Mengetahui", "Kepala Dinas …", "NIP. …"). Once one is seen, rows without a NIK end the data.
_FOOTER = re.compile(
    r"^(JUMLAH|TOTAL|MENGETAHUI|KEPALA\b|SEKRETARIS|A\.?\s?N\.?\s|NIP\b|PLT\b|"
    r"[A-Z][A-Z .'-]{1,40},\s*\d{1,2}\s+[A-Z]+\s+\d{4}$|"  # "<tempat>, 24 November 2026"
    r"PEMBINA|PENATA|DIBUAT OLEH|DISETUJUI)",
    re.IGNORECASE,
)


class RosterFileError(Exception):
    """The file cannot be read as a roster at all; `str()` is for the clerk."""


class HeaderNotFound(RosterFileError):
    """No row of the first ones names the columns: the clerk may pick the header row
    (RosterReader(..., header_row=N)) and map the columns by hand."""


@dataclass(frozen=True)
class Layout:
    header_row: int  # spreadsheet row number (1-based) of the header
    headers: list[str]  # header texts as written, one per column
    mapping: dict[int, str]  # column index -> RosterField key


@dataclass(slots=True)
class ParsedRow:
    row: int  # spreadsheet row number
    cells: list  # the original cells, as read
    # field key -> value of that field's type (str, int, bool, date): Any, as it varies by key
    values: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


class RosterReader:
    """One sheet of one file: `layout` after construction, then `rows()` streams data rows.

    Use as a context manager; `total_rows` is the sheet's height (for progress).
    """

    _raw: Iterator[list]  # the sheet's rows after those read so far

    def __init__(
        self, path: Path | str, columns: SheetColumns = ROSTER, *, header_row: int | None = None
    ) -> None:
        """header_row: the spreadsheet row the clerk chose as the header (1-based), for a
        sheet whose header is not recognised; its cells are mapped by the aliases as far
        as they go, the rest is the caller's mapping."""
        self.path = Path(path)
        self.columns = columns
        self.header_row = header_row
        suffix = self.path.suffix.lower()
        self._handle: TextIO | None = None
        self._workbook: python_calamine.CalamineWorkbook | None = None
        self.skipped = 0  # blank, total and signature rows below the header
        found: Layout | None
        if suffix in SPREADSHEET_SUFFIXES:
            found = self._open_spreadsheet()
        elif suffix in CSV_SUFFIXES:
            self._open_csv()
            found = self._find_header()
        else:
            raise RosterFileError(
                f"Berkas {self.path.name}: jenis {suffix or '(tanpa akhiran)'} tidak dikenal. "
                "Simpan sebagai .xlsx, .xls, .ods atau .csv."
            )
        if found is None:
            self.close()
            raise HeaderNotFound(
                f"Berkas {self.path.name}: baris judul kolom tidak ditemukan di "
                f"{HEADER_SEARCH_ROWS} baris pertama. {columns.missing_header}"
            )
        self.layout: Layout = found

    def _find_header(self) -> Layout | None:
        self._head: list[list] = []
        for _ in range(max(HEADER_SEARCH_ROWS, self.header_row or 0)):
            cells = next(self._raw, None)
            if cells is None:
                break
            self._head.append(cells)
        if self.header_row is None:
            return detect_layout(self._head, self.columns)
        if 1 <= self.header_row <= len(self._head):
            return chosen_layout(self._head, self.header_row, self.columns)
        return None

    def _open_spreadsheet(self) -> Layout | None:
        """The first sheet that has a roster header (offices keep notes on other sheets)."""
        try:
            limits.check_spreadsheet(self.path)  # before calamine allocates anything
        except limits.FileTooLarge as exc:
            raise RosterFileError(str(exc)) from exc
        try:
            self._workbook = workbook = python_calamine.CalamineWorkbook.from_path(str(self.path))
            for index in range(len(workbook.sheet_names)):
                data = workbook.get_sheet_by_index(index)
                self.total_rows = data.total_height
                self._raw = iter(data.iter_rows())
                layout = self._find_header()
                if layout is not None:
                    return layout
            return None
        except (python_calamine.CalamineError, OSError, ValueError) as exc:
            self.close()
            raise RosterFileError(
                f"Berkas {self.path.name} tidak dapat dibaca sebagai lembar kerja ({exc}). "
                "Buka di Excel/LibreOffice lalu simpan ulang sebagai .xlsx."
            ) from exc

    def _open_csv(self) -> None:
        encoding = sniff_encoding(self.path)
        self._handle = handle = self.path.open(encoding=encoding, newline="")
        sample = handle.read(64 * 1024)
        handle.seek(0)
        delimiter = sniff_delimiter(sample)
        with self.path.open("rb") as raw:
            self.total_rows = sum(
                chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b"")
            )
        # NUL bytes (seen in files exported by old payroll programs) would stop csv.
        lines = (line.replace("\0", "") for line in handle)
        self._raw = _csv_rows(csv.reader(lines, delimiter=delimiter), self.path.name)

    def __enter__(self) -> RosterReader:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._workbook is not None:
            self._workbook.close()

    def _all_raw(self) -> Iterator[tuple[int, list]]:
        for index, cells in enumerate(self._head):
            yield index + 1, cells
        for index, cells in enumerate(self._raw, start=len(self._head)):
            yield index + 1, cells

    def data_rows(self, mapping: dict[int, str] | None = None) -> Iterator[tuple[int, list]]:
        """(row number, cells) of the data rows below the header; blank, total and
        signature rows are counted in `skipped`. Cells are padded to the header's width."""
        mapping = self.layout.mapping if mapping is None else mapping
        nik_columns = [c for c, k in mapping.items() if k in self.columns.identity]
        name_columns = [c for c, k in mapping.items() if k == "name"]
        in_footer = False
        width = len(self.layout.headers)
        for number, cells in self._all_raw():
            if number <= self.layout.header_row:
                continue
            if isinstance(cells, OversizedRow):
                yield number, cells
                continue
            if number == self.layout.header_row + 1 and _is_column_numbers(cells):
                self.skipped += 1
                continue
            if len(cells) != width:  # CSV rows vary; spreadsheet rows have the sheet's width
                cells = list(cells[:width]) + [""] * (width - len(cells))
            # "NIP. 1968…" of the signature block may sit in the NIK column.
            has_nik = has_name = False
            for c in nik_columns:
                has_nik = has_nik or (_filled(cells[c]) and not _is_footer_text(cells[c]))
            for c in name_columns:
                has_name = has_name or _filled(cells[c])
            if not has_nik and (not has_name or in_footer or _looks_like_footer(cells)):
                in_footer = in_footer or _looks_like_footer(cells)
                self.skipped += 1
                continue
            yield number, cells

    def rows(self, mapping: dict[int, str] | None = None) -> Iterator[ParsedRow]:
        """Data rows below the header, cells converted by `mapping` (default: detected)."""
        mapping = self.layout.mapping if mapping is None else mapping
        plan = conversion_plan(mapping, self.layout.headers, self.columns)
        for number, cells in self.data_rows(mapping):
            yield convert_row(number, cells, plan)


class OversizedRow(list):
    """A CSV row with a cell longer than the csv module reads (131,072 characters): the row
    is rejected with its own message and the rest of the file is read on."""


OVERSIZED_ROW = "row.oversized"


def _csv_rows(reader, file_name: str) -> Iterator[list[str]]:
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):  # the reader starts afresh on the next line
                yield OversizedRow()
                continue
            raise RosterFileError(
                f"Berkas {file_name} rusak di baris {reader.line_num}: {exc}. Buka di Excel "
                "lalu simpan ulang sebagai CSV atau .xlsx."
            ) from exc
        yield cells


_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")


def _is_column_numbers(cells: list) -> bool:
    """The "1 2 3 …" or "(1) (2) (3) …" row government tables put under the header."""
    numbers = []
    for cell in cells:
        if not _filled(cell):
            continue
        match = _COLUMN_NUMBER.match(values.text(cell))
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _is_footer_text(cell: object) -> bool:
    return isinstance(cell, str) and _FOOTER.match(cell.strip()) is not None


def _looks_like_footer(cells: list) -> bool:
    return any(_is_footer_text(c) for c in cells)


_PARSERS = {
    "identifier": values.identifier,
    "card": values.card_number,
    "date": values.parse_date,
    "sex": values.parse_sex,
    "marital": values.parse_marital,
    "phone": values.parse_phone,
    "money": values.parse_money,
    "flag": values.parse_flag,
    "status": values.parse_status,
}


def conversion_plan(
    mapping: dict[int, str], headers: list[str], columns: SheetColumns = ROSTER
) -> list[tuple]:
    """Per mapped column: index, field key, header for messages, cell parser."""
    return [
        (
            column,
            key,
            headers[column] or columns.by_key[key].header,
            _PARSERS.get(columns.by_key[key].kind, values.text),
        )
        for column, key in mapping.items()
    ]


def convert_row(number: int, cells: list, plan: list[tuple]) -> ParsedRow:
    parsed = ParsedRow(number, cells)
    if isinstance(cells, OversizedRow):
        parsed.issues.append(
            error(
                "baris",
                f"Baris {number}: ada sel yang lebih dari "
                f"{ribuan(csv.field_size_limit())} karakter"
                + " sehingga baris ini tidak dapat dibaca. Periksa sel yang terlalu panjang "
                '(mungkin tanda kutip " yang tidak ditutup).',
                OVERSIZED_ROW,
            )
        )
        return parsed
    converted = parsed.values
    for column, key, header, parser in plan:
        try:
            if key == BIRTH_PLACE_DATE:
                place, born = values.parse_place_date(cells[column], header)
                converted.setdefault("birth_place", place)
                converted.setdefault("birth_date", born)
                continue
            value = parser(cells[column], header)
        except values.CellError as exc:
            target = "birth_date" if key == BIRTH_PLACE_DATE else key
            parsed.issues.append(values.cell_issue(target, exc))
            continue
        if converted.get(key) in ("", None):
            converted[key] = value
    return parsed


def detect_layout(head: list[list], columns: SheetColumns = ROSTER) -> Layout | None:
    """The row among the first ones whose cells name the most columns (a roster: NIK + NAMA),
    with a second header row under merged cells ("TEMPAT/TGL LAHIR" over "TEMPAT" | "TGL")."""
    best: Layout | None = None
    for index, cells in enumerate(head):
        mapping: dict[int, str] = {}
        for column, cell in enumerate(cells):
            key = columns.field_for(cell) if isinstance(cell, str) else None
            if key and key not in mapping.values():
                mapping[column] = key
        if not columns.is_header(set(mapping.values())):
            continue
        if best is None or len(mapping) > len(best.mapping):
            headers = [values.text(c) for c in cells]
            best = Layout(index + 1, headers, mapping)
    if best is not None and best.header_row < len(head) and columns.subheaders:
        best = _with_subheader(best, head[best.header_row], columns)
    return best


def chosen_layout(head: list[list], header_row: int, columns: SheetColumns = ROSTER) -> Layout:
    """The row the clerk named as the header: its texts, and what the aliases recognise."""
    cells = head[header_row - 1]
    mapping: dict[int, str] = {}
    for column, cell in enumerate(cells):
        key = columns.field_for(cell) if isinstance(cell, str) else None
        if key and key not in mapping.values():
            mapping[column] = key
    return Layout(header_row, [values.text(c) for c in cells], mapping)


def _with_subheader(layout: Layout, below: list, columns: SheetColumns) -> Layout:
    mapping, headers = dict(layout.mapping), list(layout.headers)
    found = False
    above = ""
    for column, cell in enumerate(below[: len(headers)]):
        above = headers[column] or above  # a merged header sits in its first column
        key = columns.subheaders.get(columns.key(cell)) if isinstance(cell, str) else None
        if key and mapping.get(column) in (None, BIRTH_PLACE_DATE):
            mapping = {c: k for c, k in mapping.items() if k != key}
            mapping[column] = key
            headers[column] = f"{above} ({values.text(cell)})" if above else values.text(cell)
            found = True
    if not found:
        return layout
    return Layout(layout.header_row + 1, headers, mapping)


def sniff_encoding(path: Path) -> str:
    """utf-8-sig when the whole file decodes as UTF-8 (BOM or not), else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def sniff_delimiter(sample: str) -> str:
    """Semicolon (Excel with Indonesian regional settings), comma or tab: the most frequent
    one on the first lines, counted outside quotes."""
    lines = [line for line in sample.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    unquoted = [re.sub(r'"[^"]*"', "", line) for line in lines]
    counts = {d: sum(line.count(d) for line in unquoted) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))
