"""Size limits checked BEFORE calamine opens a spreadsheet (README, "Batas berkas impor").

calamine builds one dense grid per sheet from the cells it finds: a 1.8 KB xlsx with cells
at A1 and XFD1048576 asks for 512 GiB and aborts the process, and a 300 MB sharedStrings
part is held in memory whole. So the file is measured first, cheaply and in bounded memory:
zip parts are decompressed in 1 MiB chunks (declared sizes can lie), the sheet XML is scanned
for its <dimension ref> and the furthest cell that has content, ods content.xml is walked
with a pull parser that counts repeated rows and columns without expanding them.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from kupang_desk.domain.formatting import ribuan

MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 8_000_000  # rows x columns of a sheet's used area: calamine's grid, ~32 B a cell
MAX_PART_BYTES = 50_000_000  # sharedStrings, styles, ods content: parts held in memory
MAX_SHEET_XML_BYTES = 400_000_000  # xlsx sheet XML is streamed; this bounds the scan time
MAX_BINARY_BYTES = 50_000_000  # .xls / .xlsb: cannot be measured inside, the file itself
_CHUNK = 1 << 20

# A cell reference: only <c> carries letters in r="…" (<row r="7"> has digits only). Cells
# that hold only formatting count too: a little stricter than calamine, far cheaper to find.
_CELL_REF = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,7})"')
# Beyond column Z or row 99,999: the only references the quick pass has to read.
_FAR_REF = re.compile(rb' r="([A-Z](?:[A-Z]{1,2}[0-9]{1,7}|[0-9]{6,7}))"')
_REF_PARTS = re.compile(rb"([A-Z]+)([0-9]+)")
_QUICK_ROWS, _QUICK_COLUMNS = 99_999, 26
# A cell whose first attribute is not r="…" (or that has none): the exact pass counts them.
_UNUSUAL_CELL = re.compile(rb'<c(?:>|/>|\s(?!r="))')
_PREFIXED_ROOT = re.compile(rb"<\w+:worksheet\b")  # <x:c …> cells: the exact pass
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]*)"')
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


class FileTooLarge(Exception):
    """The file is beyond a limit; `str()` is the clerk's Indonesian message."""


def column_number(letters: str | bytes) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _refuse(name: str, what: str) -> FileTooLarge:
    return FileTooLarge(
        f"Berkas {name} terlalu besar untuk diimpor: {what}. Batasnya {ribuan(MAX_ROWS)} "
        f"baris, {MAX_COLUMNS} kolom, {ribuan(MAX_CELLS)} sel per lembar dan "
        f"{MAX_PART_BYTES // 10**6} MB per bagian berkas. Hapus baris dan kolom kosong di bawah "
        "dan di kanan tabel (pilih, klik kanan, Hapus), atau bagi menjadi beberapa berkas."
    )


def check_spreadsheet(path: Path) -> None:
    """Raise FileTooLarge when `path` would need more memory than the limits allow."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsb"):
        # BIFF/binary records are not parsed here; .xls is capped by its format (65,536 rows).
        if path.stat().st_size > MAX_BINARY_BYTES:
            raise _refuse(path.name, f"ukuran {path.stat().st_size // 10**6} MB")
        if suffix == ".xls":
            return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: calamine says it cannot read it
    with archive:
        for info in archive.infolist():
            _check_part(path.name, archive, info, suffix)


def _check_part(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, suffix: str) -> None:
    part = info.filename
    is_sheet = part.startswith("xl/worksheets/") and part.endswith(".xml")
    limit = MAX_SHEET_XML_BYTES if is_sheet else MAX_PART_BYTES
    if info.file_size > limit:
        raise _refuse(name, f"bagian {part} berisi {info.file_size // 10**6} MB")
    if is_sheet:
        _check_sheet_xml(name, lambda: _chunks(name, archive, info, limit))
    elif suffix == ".ods" and part == "content.xml":
        _check_ods_content(name, _chunks(name, archive, info, limit))
    else:
        for _ in _chunks(name, archive, info, limit):
            pass  # the real size, in case the declared one lies


def _chunks(
    name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int
) -> Iterator[bytes]:
    total = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise _refuse(name, f"bagian {info.filename} lebih dari {limit // 10**6} MB")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        return  # damaged or unusual compression: calamine reports the file as unreadable


def _tags(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks cut after a complete tag: an unfinished one waits for the next chunk."""
    tail = b""
    for chunk in chunks:
        data = tail + chunk
        cut = data.rfind(b"<")
        if cut == -1 or data.find(b">", cut) != -1 or len(data) - cut > 64 * 1024:
            cut = len(data)  # no tag holds a '>' inside, and none is that long
        data, tail = data[:cut], data[cut:]
        yield data
    if tail:
        yield tail


def _check_sheet_xml(name: str, open_chunks) -> None:
    """The quick pass looks only at references beyond column Z or row 99,999 (a roster has
    few or none of them): below both, a sheet holds at most 2.6 million cells. A sheet that
    is wide, or whose cells are written without r="…" first, gets the exact pass."""
    max_row = max_col = 0
    head_done = unusual = prefixed = False
    for data in _tags(open_chunks()):
        if not head_done:  # <dimension> comes before <sheetData>: read it there only
            end = data.find(b"sheetData")
            head = data if end == -1 else data[:end]
            head_done = end != -1
            match = _DIMENSION.search(head)
            if match is not None:
                _check_dimension(name, match.group(1).decode("ascii", "replace"))
            prefixed = prefixed or _PREFIXED_ROOT.search(head) is not None
        for ref in _FAR_REF.findall(data):
            parts = _REF_PARTS.match(ref)
            if parts is None:  # not reached: _FAR_REF matched letters then digits
                continue
            letters, digits = parts.groups()
            max_col = max(max_col, column_number(letters))
            max_row = max(max_row, int(digits))
        if max_row > MAX_ROWS or max_col > MAX_COLUMNS:
            break
        unusual = unusual or prefixed or _UNUSUAL_CELL.search(data) is not None
    rows = max_row if max_row > _QUICK_ROWS else _QUICK_ROWS  # exact when beyond, else a bound
    columns = max(max_col, _QUICK_COLUMNS)
    decided = max_row > MAX_ROWS or max_col > MAX_COLUMNS or rows * columns <= MAX_CELLS
    if decided and not unusual:
        _check_extent(name, max_row, max_col)
        return
    _check_exact(name, open_chunks())


def _check_exact(name: str, chunks: Iterator[bytes]) -> None:
    """Every cell reference, and the cells written without one."""
    max_row = max_col = 0
    unpositioned = row_tags = 0
    for data in _tags(chunks):
        refs = _CELL_REF.findall(data)
        if refs:
            letters, numbers = zip(*refs, strict=True)
            # Same length compares as numbers do: the longest, then the greatest of those.
            widest = max(map(len, letters))
            max_col = max(max_col, column_number(max(c for c in set(letters) if len(c) == widest)))
            max_row = max(max_row, max(map(int, numbers)))
        # Cells written without r="…" (some generators) sit after the previous cell.
        tags = data.count(b"<c ") + data.count(b"<c>") + data.count(b":c ") + data.count(b":c>")
        if tags > len(refs):
            unpositioned += tags - len(refs)
            row_tags += data.count(b"<row") + data.count(b":row")
        if max_row > MAX_ROWS or max_col > MAX_COLUMNS:
            break  # no need to read further
    if unpositioned:  # bound them generously: all in one row, one row per <row>
        max_col += unpositioned
        max_row += row_tags
    _check_extent(name, max_row, max_col)


def _check_dimension(name: str, ref: str) -> None:
    corners = [_REF.match(corner.strip().upper()) for corner in ref.split(":")]
    last = corners[-1]
    if last is None or not all(corners):
        return
    _check_extent(name, int(last.group(2)), column_number(last.group(1)), declared=True)


def _check_extent(name: str, rows: int, columns: int, *, declared: bool = False) -> None:
    said = "ukuran yang tercatat di berkas: " if declared else ""
    if rows > MAX_ROWS:
        raise _refuse(name, f"{said}lembar kerjanya sampai baris {ribuan(rows)}")
    if columns > MAX_COLUMNS:
        raise _refuse(name, f"{said}lembar kerjanya sampai kolom ke-{ribuan(columns)}")
    if rows * columns > MAX_CELLS:
        raise _refuse(name, f"{said}lembar kerjanya {ribuan(rows)} baris x {columns} kolom")


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _elements(parser: XMLPullParser[Element]) -> Iterator[tuple[str, Element]]:
    """(event, element) of the start and end events, the only ones the parser was asked for
    (its type also allows the namespace events, which carry no element)."""
    for item in parser.read_events():
        element = item[-1]
        if isinstance(element, Element):
            yield item[0], element


def _check_ods_content(name: str, chunks: Iterator[bytes]) -> None:
    """Rows and columns as calamine expands them: repeats count only where a cell has
    content (LibreOffice ends each sheet with ~1 million repeated empty rows)."""
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    stack: list = []
    row = rows_used = columns_used = 0
    row_repeat = column = row_columns = 0
    try:
        for chunk in chunks:
            parser.feed(chunk)
            for event, element in _elements(parser):
                tag = element.tag
                if event == "start":
                    stack.append(element)
                    if tag == f"{_TABLE}table":
                        row = rows_used = columns_used = 0
                    elif tag == f"{_TABLE}table-row":
                        row_repeat = int(element.get(f"{_TABLE}number-rows-repeated", "1"))
                        column = row_columns = 0
                    continue
                stack.pop()
                if tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                    column += int(element.get(f"{_TABLE}number-columns-repeated", "1"))
                    if element.get(f"{_OFFICE}value-type") is not None or len(element):
                        row_columns = column
                elif tag == f"{_TABLE}table-row":
                    row += row_repeat
                    if row_columns:
                        rows_used, columns_used = row, max(columns_used, row_columns)
                        _check_extent(name, rows_used, columns_used)
                    if stack:  # the row is measured: drop it, memory stays flat
                        stack[-1].remove(element)
    except (ParseError, ValueError):
        return  # calamine reports a damaged file itself
