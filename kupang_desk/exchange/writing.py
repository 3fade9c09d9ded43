"""Writing spreadsheets with openpyxl (and the roster CSV): identifiers as text, no formulas.

xlsx: every text cell is a string cell (type s, format '@'), never a formula, and one that
begins with = + - @ also carries Excel's quotePrefix style, so editing it in Excel keeps it
text. The value itself is unchanged: BPJS receives "=HYPERLINK…" as written, no apostrophe.
CSV has no types: a cell that begins with = + - @, a tab or a carriage return gets a
leading apostrophe (the importer removes it again).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

# openpyxl's save imports packaging.extended on first use; imported here, on the thread
# that imports this module (the GUI's), not on an export's background thread, where an
# import races PySide's import hook (ui/background.py).
import openpyxl.packaging.extended  # noqa: F401
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kupang_desk.exchange.values import FORMULA_STARTS

TEXT_FORMAT = "@"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TITLE_FONT = Font(bold=True, size=13)


def escape_formula(value: str) -> str:
    """For CSV cells only (an xlsx text cell is typed as text instead)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _clean(value: str) -> str:
    # openpyxl refuses control characters (XML 1.0); they cannot be in a cell anyway.
    return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")


def text_cell(sheet, value: object, *, bold: bool = False) -> WriteOnlyCell:
    """A cell stored as text (string type, format '@'), its value as it is."""
    text = _clean("" if value is None else str(value))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would make "=…" a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    cell.number_format = TEXT_FORMAT
    if bold:
        cell.font = _HEADER_FONT
    return cell


def value_cell(sheet, value: object) -> WriteOnlyCell:
    """Numbers and dates keep their type; text is escaped."""
    if isinstance(value, bool) or value is None:
        return text_cell(sheet, "" if value is None else ("YA" if value else "TIDAK"))
    if isinstance(value, int | float | date | datetime | time | timedelta):
        return WriteOnlyCell(sheet, value=value)
    return text_cell(sheet, value)


def header_cells(sheet, headers: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for header in headers:
        cell = text_cell(sheet, header, bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cells.append(cell)
    return cells


def write_rejected(out: Path, headers: Sequence[str], rows: Iterable[tuple[list, str]]) -> None:
    """The clerk's correction sheet: the original columns as read, plus KETERANGAN."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Ditolak")
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, [*headers, "KETERANGAN"]))
    for cells, message in rows:
        sheet.append([value_cell(sheet, c) for c in cells] + [text_cell(sheet, message)])
    workbook.save(out)


def write_table(
    out: Path,
    *,
    sheet_name: str,
    title_rows: Sequence[Sequence[object]],
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] = (),
    column_numbers: bool = False,
) -> int:
    """A sheet with a title block, one header row and the data; returns the data row count.

    Values already converted by the caller: str -> text cell, int/date -> typed cell.
    column_numbers: the row "1 2 3 …" government templates put under the header.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for index, title in enumerate(title_rows):
        cells = [text_cell(sheet, v) for v in title]
        if index == 0 and cells:
            cells[0].font = _TITLE_FONT
        sheet.append(cells)
    if title_rows:
        sheet.append([])
    sheet.append(header_cells(sheet, headers))
    if column_numbers:
        numbers = []
        for number in range(1, len(headers) + 1):
            cell = WriteOnlyCell(sheet, value=number)
            cell.alignment = Alignment(horizontal="center")
            cell.font = _HEADER_FONT
            numbers.append(cell)
        sheet.append(numbers)
    count = 0
    for row in rows:
        sheet.append(
            [text_cell(sheet, v) if isinstance(v, str) else value_cell(sheet, v) for v in row]
        )
        count += 1
    workbook.save(out)
    return count


def write_csv(out: Path, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """UTF-8 with BOM and semicolons: what Excel with Indonesian settings opens in columns."""
    count = 0
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([escape_formula(_clean(v)) for v in row])
            count += 1
    return count
